import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { Toaster } from 'sonner';

import { AuthGate } from './components/auth/AuthGate';
import { LoginCallback } from './components/auth/LoginCallback';
import { LoginPage } from './components/auth/LoginPage';
import { ChatRoute } from './components/chat/ChatRoute';
import { ChatLayout } from './components/layout/ChatLayout';
import { ElementPage } from './components/elements/ElementPage';
import { EnvPage } from './components/env/EnvPage';
import { SharedThreadPage } from './components/thread/SharedThreadPage';
import { ThemeProvider, useThemeMode } from './hooks/ThemeProvider';

function ThemedToaster() {
  const { mode } = useThemeMode();
  return <Toaster theme={mode} position="top-right" richColors closeButton />;
}

export function App({ rootPath }: { rootPath: string }) {
  return (
    <ThemeProvider>
      <BrowserRouter basename={rootPath || undefined}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/login/callback" element={<LoginCallback />} />
          <Route
            path="/env"
            element={
              <AuthGate>
                <EnvPage />
              </AuthGate>
            }
          />
          <Route
            path="/share/:threadId"
            element={
              <AuthGate>
                <SharedThreadPage />
              </AuthGate>
            }
          />
          <Route
            element={
              <AuthGate>
                <ChatLayout />
              </AuthGate>
            }
          >
            <Route path="/" element={<ChatRoute />} />
            <Route path="/thread/:threadId" element={<ChatRoute />} />
            <Route path="/element/:elementId" element={<ElementPage />} />
          </Route>
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </BrowserRouter>
      <ThemedToaster />
    </ThemeProvider>
  );
}
