#!/usr/bin/env python3
"""Checks chainlit-cpp JWTs against PyJWT both ways, the way Chainlit uses it.

Usage: jwt_interop.py <path to auth_jwt_tool>. Needs PyJWT (Debian python3-jwt). Exits non-zero
on the first mismatch; prints what it checked.
"""
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import jwt

TOOL = sys.argv[1]
SECRET = "k3$%*,-./:=>?@^_~Zq9vT2mWx8rLp4nB7cYd1fGh6jKs0aEu5iOo"  # create-secret's alphabet
LIFETIME = 1_296_000  # Chainlit's default user_session_timeout


def tool(*args):
    return subprocess.run([TOOL, *args], capture_output=True, text=True, timeout=30)


def chainlit_create_jwt(user: dict, secret=SECRET, algorithm="HS256", lifetime=LIFETIME):
    """chainlit/auth/jwt.py create_jwt, verbatim in spirit."""
    to_encode = dict(user)
    now = datetime.now(timezone.utc)
    to_encode.update({"exp": now + timedelta(seconds=lifetime), "iat": now})
    return jwt.encode(to_encode, secret, algorithm=algorithm)


def expect(cond, what):
    if not cond:
        print(f"FAIL: {what}")
        sys.exit(1)
    print(f"ok: {what}")


plain = {"identifier": "alice", "display_name": None, "metadata": {"provider": "credentials"}}
persisted = {
    "id": "5f0c6a3e-4f7b-4f43-9b8a-2d2f0c1b7e11",
    "createdAt": "2024-05-01T10:00:00.000000Z",
    "identifier": "\u00e9mile@example.com",
    "display_name": "\u00c9mile \U0001F600",
    "metadata": {"image": "https://x/y.png", "provider": "github", "n": [1, 2.5, None, True]},
}

# (a) PyJWT-signed tokens decode in C++ to the same User.
for name, user in [("plain", plain), ("persisted", persisted)]:
    r = tool("decode", SECRET, chainlit_create_jwt(user))
    expect(r.returncode == 0, f"C++ decodes PyJWT token ({name}): {r.stderr.strip()}")
    got = json.loads(r.stdout)
    want = {k: user[k] for k in ("identifier", "display_name", "metadata")}
    expect(got == want, f"C++ reads the same user ({name})")

big = dict(plain, metadata={"blob": "x" * 5000})
r = tool("decode", SECRET, chainlit_create_jwt(big))
expect(r.returncode == 0 and json.loads(r.stdout)["metadata"] == big["metadata"],
       "C++ decodes a >3000-char PyJWT token")

for what, token in [
    ("expired", chainlit_create_jwt(plain, lifetime=-10)),
    ("wrong secret", chainlit_create_jwt(plain, secret=SECRET + "x")),
    ("HS512", chainlit_create_jwt(plain, algorithm="HS512")),
    ("alg none", jwt.encode({**plain, "exp": 4102444800}, None, algorithm="none")),
]:
    r = tool("decode", SECRET, token)
    expect(r.returncode == 1, f"C++ rejects PyJWT {what} token ({r.stderr.strip()})")

# (b) C++-signed tokens decode in PyJWT exactly as Chainlit's decode_jwt does.
for name, user in [("plain", plain), ("persisted", persisted)]:
    r = tool("sign", SECRET, json.dumps(user), str(LIFETIME))
    expect(r.returncode == 0, f"C++ signs ({name}): {r.stderr.strip()}")
    token = r.stdout.strip()
    expect(jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"},
           f"header is PyJWT's ({name})")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_signature": True})
    expect(isinstance(claims["exp"], int) and isinstance(claims["iat"], int),
           f"exp and iat are integers ({name})")
    expect(claims["exp"] - claims["iat"] == LIFETIME, f"exp = iat + lifetime ({name})")
    now = int(datetime.now(timezone.utc).timestamp())
    expect(abs(claims["iat"] - now) <= 5, f"iat is now ({name})")
    del claims["exp"], claims["iat"]
    expect(claims == user, f"PyJWT reads the same claims ({name}): {claims}")

r = tool("sign", SECRET, json.dumps(plain), "60")
try:
    jwt.decode(r.stdout.strip(), SECRET + "x", algorithms=["HS256"])
    expect(False, "PyJWT rejects a C++ token under another secret")
except jwt.InvalidSignatureError:
    expect(True, "PyJWT rejects a C++ token under another secret")

print("jwt interop: all checks passed")
