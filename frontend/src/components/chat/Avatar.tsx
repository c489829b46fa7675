import { memo, useState } from 'react';

import { withRootPath } from '../../lib/rootPath';

/** The author's picture from /avatars/<name>; the server falls back to the favicon. */
export const Avatar = memo(function Avatar({ author }: { author: string }) {
  const [failed, setFailed] = useState(false);
  const name = author || 'default';
  if (failed) {
    return (
      <span className="avatar avatar-fallback" aria-hidden="true">
        {name.charAt(0).toUpperCase()}
      </span>
    );
  }
  return (
    <img
      className="avatar"
      src={withRootPath(`/avatars/${encodeURIComponent(name)}`)}
      alt=""
      aria-hidden="true"
      loading="lazy"
      onError={() => setFailed(true)}
    />
  );
});
