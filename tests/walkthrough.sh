#!/usr/bin/env bash
# The README's walkthrough, run against a built `labelwell` binary on a fresh
# SQLite database, checking every status. Usage: tests/walkthrough.sh BINARY
set -euo pipefail
binary=$(realpath "${1:?usage: tests/walkthrough.sh path/to/labelwell}")
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cd "$work"
LABELWELL_BIND="127.0.0.1:$port" "$binary" serve >server.log 2>&1 &
server=$!
API="http://127.0.0.1:$port/api/v1"
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

# call EXPECTED_STATUS CURL_ARGS...: runs curl, checks the status, prints the body to body.json
call() {
  local expected=$1; shift
  local status
  status=$(curl -s -o body.json -w '%{http_code}' "$@")
  if [ "$status" != "$expected" ]; then
    echo "FAILED: expected $expected, got $status: curl $*" >&2
    cat body.json >&2; echo >&2
    exit 1
  fi
  echo "$expected  curl ${*: -1}"
}
json='Content-Type: application/json'

# Ada signs up (the session cookie goes to ada.jar) and creates an organization.
call 201 -c ada.jar -H "$json" -d '{"email":"ada@example.com","password":"correct horse battery staple","name":"Ada"}' "$API/auth/signup"
ADA_CSRF=$(jq -r .csrf_token body.json)
call 201 -b ada.jar -H "$json" -H "X-CSRF-Token: $ADA_CSRF" -d '{"name":"Acme Research"}' "$API/organizations"
ORG=$(jq -r .organization.id body.json)

# Grace has an account; Ada adds her as a manager.
call 201 -c grace.jar -H "$json" -d '{"email":"grace@example.com","password":"correct horse battery staple","name":"Grace"}' "$API/auth/signup"
GRACE_CSRF=$(jq -r .csrf_token body.json)
GRACE=$(jq -r .user.id body.json)
call 201 -b ada.jar -H "$json" -H "X-CSRF-Token: $ADA_CSRF" -d '{"email":"grace@example.com","role":"manager"}' "$API/organizations/$ORG/members"

# Grace invites Bob as an annotator; Bob signs up with the invitation token.
call 201 -b grace.jar -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d '{"email":"bob@example.com","role":"annotator"}' "$API/organizations/$ORG/invitations"
INVITATION=$(jq -r .token body.json)
call 201 -c bob.jar -H "$json" -d "{\"email\":\"bob@example.com\",\"password\":\"correct horse battery staple\",\"name\":\"Bob\",\"invitation_token\":\"$INVITATION\"}" "$API/auth/signup"
BOB_CSRF=$(jq -r .csrf_token body.json)
BOB=$(jq -r .user.id body.json)

# Ada makes Bob a reviewer and lists the members.
call 200 -b ada.jar -X PATCH -H "$json" -H "X-CSRF-Token: $ADA_CSRF" -d '{"role":"reviewer"}' "$API/organizations/$ORG/members/$BOB"
call 200 -b ada.jar "$API/organizations/$ORG/members"
[ "$(jq '.members | length' body.json)" = 3 ]

# The policy refuses: Bob may not invite, Grace may not make anyone an admin,
# nobody may change their own role, and only admins read the audit log.
call 403 -b bob.jar -H "$json" -H "X-CSRF-Token: $BOB_CSRF" -d '{"email":"eve@example.com","role":"annotator"}' "$API/organizations/$ORG/invitations"
call 403 -b grace.jar -X PATCH -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d '{"role":"admin"}' "$API/organizations/$ORG/members/$BOB"
call 403 -b grace.jar -X PATCH -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d '{"role":"owner"}' "$API/organizations/$ORG/members/$GRACE"
call 403 -b grace.jar "$API/organizations/$ORG/audit-log"

# Ada reads the audit log: newest first.
call 200 -b ada.jar "$API/organizations/$ORG/audit-log"
[ "$(jq -r '.entries[0].action' body.json)" = member.role_changed ]

# A read-only API token for scripts: it reads, and is refused writes.
call 201 -b ada.jar -H "$json" -H "X-CSRF-Token: $ADA_CSRF" -d "{\"name\":\"pipeline\",\"organization_id\":\"$ORG\",\"read_only\":true}" "$API/me/tokens"
TOKEN=$(jq -r .secret body.json)
call 200 -H "Authorization: Bearer $TOKEN" "$API/me/organizations"
call 403 -H "Authorization: Bearer $TOKEN" -X PATCH -H "$json" -d '{"name":"Renamed"}' "$API/organizations/$ORG"

# Strangers see nothing: another account gets 404 for Acme, nobody gets in without credentials.
call 201 -c eve.jar -H "$json" -d '{"email":"eve@example.com","password":"correct horse battery staple","name":"Eve"}' "$API/auth/signup"
call 404 -b eve.jar "$API/organizations/$ORG"
call 401 "$API/organizations/$ORG"

echo "walkthrough: all steps answered as expected"
