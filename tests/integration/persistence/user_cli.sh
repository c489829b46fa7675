#!/usr/bin/env bash
# `user add|list|remove` against a real SQLite database: passwords are stored hashed, never in
# clear, and bad usage exits 2 with a message.
set -euo pipefail
app=$1                # an app with a data layer in code (the demo)
plain_app=$2          # an app without one, for the "persistence is off" message
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CHAINLIT_APP_ROOT=$work
export DATABASE_URL="sqlite://users.db"
fail() { echo "FAIL: $*"; exit 1; }

echo 'correct horse battery staple' | "$app" user add alice --password-stdin --display-name Alice \
  | grep -q "user alice saved, with a password" || fail "add alice"
"$app" user add bob > /dev/null || fail "add bob"
[[ -f $work/users.db ]] || fail "the relative sqlite path is not anchored at the app root"
list=$("$app" user list)
[[ $list == $'alice\tAlice\nbob' ]] || fail "list gave: $list"
if grep -a -q 'correct horse battery staple' "$work"/users.db*; then fail "clear password stored"; fi
grep -a -q 'argon2id' "$work"/users.db* || fail "no argon2id hash stored"
"$app" user remove bob | grep -q "removed bob" || fail "remove bob"
set +e
"$app" user remove bob 2> "$work/err"; rc=$?
set -e
[[ $rc -eq 1 ]] && grep -q "no user named bob" "$work/err" || fail "removing a missing user: rc=$rc"
set +e
echo '' | "$app" user add carol --password-stdin 2> "$work/err"; rc=$?
DATABASE_URL= "$plain_app" user list 2> "$work/err2"; rc2=$?
set -e
[[ $rc -eq 2 ]] && grep -q "empty password" "$work/err" || fail "empty password: rc=$rc"
[[ $rc2 -eq 2 ]] && grep -q "persistence is off" "$work/err2" || fail "no database: rc=$rc2"
echo "user CLI: all checks passed"
