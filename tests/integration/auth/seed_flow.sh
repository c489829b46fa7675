#!/usr/bin/env bash
# The seed flow of issue 4 with the real example binary and curl:
# create-secret, start the app, `token --identifier alice`, then the protected endpoint answers
# 200 "Hello alice" with the Bearer token and 401 without it or with a tampered one.
set -euo pipefail
bin=$(realpath "${1:?usage: seed_flow.sh path/to/custom_endpoints}")

work=$(mktemp -d)
log="$work/server.log"
pid=
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [[ -f "$log" ]] && sed 's/^/  server: /' "$log" >&2; exit 1; }

cd "$work"
export CHAINLIT_APP_ROOT="$work"
unset CHAINLIT_CUSTOM_AUTH CHAINLIT_AUTH_COOKIE_NAME CHAINLIT_COOKIE_SAMESITE

# 1. create-secret prints CHAINLIT_AUTH_SECRET="<64 chars>"; take the value without letting a
#    shell expand its $ characters.
line=$("$bin" create-secret | grep '^CHAINLIT_AUTH_SECRET=')
secret=${line#CHAINLIT_AUTH_SECRET=\"}
secret=${secret%\"}
[[ ${#secret} -eq 64 ]] || fail "create-secret gave a ${#secret}-char secret: $line"
export CHAINLIT_AUTH_SECRET="$secret"

# token refuses bad input with exit code 2.
set +e
"$bin" token --identifier alice --metadata '[1,2]' >/dev/null 2>"$work/err"; rc=$?
set -e
[[ $rc -eq 2 ]] || fail "token with array metadata exited $rc"
grep -q "JSON object" "$work/err" || fail "token error message: $(cat "$work/err")"
set +e
CHAINLIT_AUTH_SECRET=short "$bin" token --identifier alice >/dev/null 2>"$work/err"; rc=$?
set -e
[[ $rc -eq 2 ]] || fail "token with a short secret exited $rc"
grep -q "create-secret" "$work/err" || fail "short secret message: $(cat "$work/err")"

# 2. Start the app on a free port.
"$bin" run --host 127.0.0.1 --port 0 --headless --no-access-log >"$log" 2>&1 &
pid=$!
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's|.*available at http://127.0.0.1:\([0-9][0-9]*\).*|\1|p' "$log" | head -n1)
  [[ -n "$port" ]] && break
  kill -0 "$pid" 2>/dev/null || fail "the app exited early"
  sleep 0.05
done
[[ -n "$port" ]] || fail "the app did not report its port"
base="http://127.0.0.1:$port"

# 3. A token for alice.
token=$("$bin" token --identifier alice --metadata '{"role":"tester"}')
[[ $(tr -cd '.' <<<"$token" | wc -c) -eq 2 ]] || fail "not a JWT: $token"

# 4. The protected endpoint.
status_body() { curl -s -o "$work/body" -w '%{http_code}' "$@"; }
code=$(status_body -H "Authorization: Bearer $token" "$base/hello-auth")
[[ $code == 200 && $(cat "$work/body") == "Hello alice" ]] ||
  fail "with Bearer: $code $(cat "$work/body")"

code=$(status_body "$base/hello-auth")
[[ $code == 401 ]] || fail "without a token: $code"
grep -q '"Invalid authentication token"' "$work/body" || fail "401 body: $(cat "$work/body")"

# Tampered: flip one character of the payload.
payload=${token#*.}; payload=${payload%%.*}
c=${payload:5:1}; [[ $c == A ]] && r=B || r=A
tampered="${token%%.*}.${payload:0:5}${r}${payload:6}.${token##*.}"
code=$(status_body -H "Authorization: Bearer $tampered" "$base/hello-auth")
[[ $code == 401 ]] || fail "tampered token: $code"

# The same token as the cookie the UI login would set.
code=$(status_body -H "Cookie: access_token=$token" "$base/hello-auth")
[[ $code == 200 ]] || fail "with the cookie: $code"

# The other seed endpoints.
code=$(status_body "$base/hello")
[[ $code == 200 && $(cat "$work/body") == "Hello World" ]] || fail "/hello: $code"
code=$(status_body "$base/hello-http")
[[ $code == 200 && $(cat "$work/body") == "Hello World" ]] || fail "/hello-http: $code"
code=$(status_body "$base/hello/no-such-session")
[[ $code == 404 ]] || fail "/hello/{unknown}: $code"
grep -q '"Session not found"' "$work/body" || fail "404 body: $(cat "$work/body")"

echo "seed flow OK on port $port"
