import { ChainlitAPI, ChainlitContext } from '@chainlit/react-client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RecoilRoot } from 'recoil';

import { App } from './App';
import { FullPageSpinner } from './components/common/FullPageSpinner';
import { I18nProvider } from './i18n/I18nProvider';
import { httpEndpointFor, readRootPath } from './lib/rootPath';
import './styles/app.css';

const rootPath = readRootPath();
window.__CHAINLIT_ROOT_PATH__ = rootPath;

const apiClient = new ChainlitAPI(httpEndpointFor(window.location.origin, rootPath), 'webapp');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ChainlitContext.Provider value={apiClient}>
      <I18nProvider loading={<FullPageSpinner />}>
        <RecoilRoot>
          <App rootPath={rootPath} />
        </RecoilRoot>
      </I18nProvider>
    </ChainlitContext.Provider>
  </StrictMode>
);
