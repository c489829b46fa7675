import { useTranslation } from '../../i18n/I18nProvider';

/**
 * Button labels by the provider ids the server lists in /auth/config `oauthProviders` (spec:
 * built-in OAuth provider ids; Chainlit's labels). Keycloak and generic providers may be renamed
 * (OAUTH_KEYCLOAK_NAME, OAUTH_GENERIC_NAME): unknown ids are shown capitalised.
 */
const PROVIDER_LABELS: Record<string, string> = {
  github: 'GitHub',
  google: 'Google',
  'azure-ad': 'Microsoft',
  'azure-ad-hybrid': 'Microsoft',
  okta: 'Okta',
  auth0: 'Auth0',
  descope: 'Descope',
  'aws-cognito': 'Cognito',
  gitlab: 'GitLab',
  keycloak: 'Keycloak',
  generic: 'SSO'
};

export function providerLabel(provider: string): string {
  return PROVIDER_LABELS[provider] ?? provider.charAt(0).toUpperCase() + provider.slice(1);
}

interface Props {
  providers: string[];
  endpointFor: (provider: string) => string;
}

/** One link per provider: the browser goes to /auth/oauth/<provider>, which redirects. */
export function OAuthButtons({ providers, endpointFor }: Props) {
  const { t } = useTranslation();
  if (providers.length === 0) return null;
  return (
    <div className="oauth-buttons" role="group" aria-label={t('auth.providers.label')}>
      {providers.map((provider) => (
        <a key={provider} className="button outline wide" href={endpointFor(provider)}>
          {t('auth.providers.continueWith', { provider: providerLabel(provider) })}
        </a>
      ))}
    </div>
  );
}
