import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { OAuthButtons, providerLabel } from '../OAuthButtons';

describe('providerLabel', () => {
  // Every built-in provider id the server can list in /auth/config (spec: OAuth provider ids).
  it.each([
    ['github', 'GitHub'],
    ['google', 'Google'],
    ['azure-ad', 'Microsoft'],
    ['azure-ad-hybrid', 'Microsoft'],
    ['okta', 'Okta'],
    ['auth0', 'Auth0'],
    ['descope', 'Descope'],
    ['aws-cognito', 'Cognito'],
    ['gitlab', 'GitLab'],
    ['keycloak', 'Keycloak']
  ])('labels %s as %s', (id, label) => {
    expect(providerLabel(id)).toBe(label);
  });

  it('capitalises an id it does not know (a renamed keycloak or generic provider)', () => {
    expect(providerLabel('corp-sso')).toBe('Corp-sso');
  });
});

describe('OAuthButtons', () => {
  it('links each provider of /auth/config to its endpoint under its label', () => {
    render(<OAuthButtons providers={['aws-cognito', 'github']} endpointFor={(p) => `/auth/oauth/${p}`} />);
    const group = screen.getByRole('group', { name: 'Sign in with a provider' });
    const links = Array.from(group.querySelectorAll('a'), (a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Continue with Cognito', '/auth/oauth/aws-cognito'],
      ['Continue with GitHub', '/auth/oauth/github']
    ]);
  });

  it('renders nothing without providers', () => {
    const { container } = render(<OAuthButtons providers={[]} endpointFor={(p) => p} />);
    expect(container).toBeEmptyDOMElement();
  });
});
