#!/usr/bin/env bash
# The README's walkthrough, run against a built `labelwell` binary on a fresh
# SQLite database, checking every status. Usage: tests/walkthrough.sh BINARY
set -euo pipefail
binary=$(realpath "${1:?usage: tests/walkthrough.sh path/to/labelwell}")
readme=$(realpath "$(dirname "$0")/../README.md")
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

# Grace has an account; Ada adds her as a manager. Pending, Grace has no
# access until she accepts.
call 201 -c grace.jar -H "$json" -d '{"email":"grace@example.com","password":"correct horse battery staple","name":"Grace"}' "$API/auth/signup"
GRACE_CSRF=$(jq -r .csrf_token body.json)
GRACE=$(jq -r .user.id body.json)
call 201 -b ada.jar -H "$json" -H "X-CSRF-Token: $ADA_CSRF" -d '{"email":"grace@example.com","role":"manager"}' "$API/organizations/$ORG/members"
[ "$(jq -r .member.status body.json)" = pending ]
call 404 -b grace.jar "$API/organizations/$ORG"
call 200 -b grace.jar "$API/me/pending-memberships"
[ "$(jq -r '.pending_memberships[0].organization_name' body.json)" = "Acme Research" ]
[ "$(jq -r '.pending_memberships[0].added_by.name' body.json)" = Ada ]
call 200 -b grace.jar -X POST -H "X-CSRF-Token: $GRACE_CSRF" "$API/me/pending-memberships/$ORG/accept"
[ "$(jq -r .organization.role body.json)" = manager ]
call 200 -b grace.jar "$API/organizations/$ORG"

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

# --- A full annotation round ---
# Grace (manager) creates a project where every item needs two annotations.
call 201 -b grace.jar -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d '{"name":"Support tickets","overlap":2}' "$API/organizations/$ORG/projects"
PROJECT=$(jq -r .project.id body.json)

# She publishes the annotation UI (what annotators see and answer) and a guideline.
call 200 -b grace.jar -X PUT -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d '{"schema":{"fields":[{"name":"text"}],"questions":[{"name":"sentiment","type":"single_label","labels":["positive","negative","neutral"]}]}}' "$API/projects/$PROJECT/annotation-ui"
call 200 -b grace.jar -X PUT -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d '{"text":"# Sentiment\nLabel the tone of the whole ticket.","annotation_ui_version":1}' "$API/projects/$PROJECT/guideline"

# She imports items (JSON here; large imports send NDJSON, one item per line).
call 200 -b grace.jar -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d '{"items":[{"external_id":"t1","data":{"text":"The app crashes on start."}},{"external_id":"t2","data":{"text":"Thanks, that fixed it!"}}]}' "$API/projects/$PROJECT/items"
[ "$(jq .created body.json)" = 2 ]
# She puts t2 first in the work queue (NDJSON, one priority per line).
call 200 -b grace.jar -H 'Content-Type: application/x-ndjson' -H "X-CSRF-Token: $GRACE_CSRF" --data-binary '{"external_id":"t2","priority":1}' "$API/projects/$PROJECT/items/priorities"
[ "$(jq .updated body.json)" = 1 ]

# Two annotators join and are assigned; Bob (reviewer) is assigned too.
call 201 -c ann.jar -H "$json" -d '{"email":"ann@example.com","password":"correct horse battery staple","name":"Ann"}' "$API/auth/signup"
ANN_CSRF=$(jq -r .csrf_token body.json); ANN=$(jq -r .user.id body.json)
call 201 -c cy.jar -H "$json" -d '{"email":"cy@example.com","password":"correct horse battery staple","name":"Cy"}' "$API/auth/signup"
CY_CSRF=$(jq -r .csrf_token body.json); CY=$(jq -r .user.id body.json)
for who in "$ANN" "$CY"; do
  EMAIL=$([ "$who" = "$ANN" ] && echo ann@example.com || echo cy@example.com)
  JAR=$([ "$who" = "$ANN" ] && echo ann.jar || echo cy.jar)
  CSRF=$([ "$who" = "$ANN" ] && echo "$ANN_CSRF" || echo "$CY_CSRF")
  call 201 -b grace.jar -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d "{\"email\":\"$EMAIL\",\"role\":\"annotator\"}" "$API/organizations/$ORG/members"
  call 200 -b "$JAR" -X POST -H "X-CSRF-Token: $CSRF" "$API/me/pending-memberships/$ORG/accept"
  call 201 -b grace.jar -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d "{\"user_id\":\"$who\"}" "$API/projects/$PROJECT/members"
done
call 201 -b grace.jar -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d "{\"user_id\":\"$BOB\"}" "$API/projects/$PROJECT/members"

# Each annotator works the queue: take the next item, annotate it, until 204.
annotate_all() {
  local jar=$1 csrf=$2 label=$3 first=t2
  while true; do
    status=$(curl -s -o body.json -w '%{http_code}' -b "$jar" -X POST -H "X-CSRF-Token: $csrf" "$API/projects/$PROJECT/queue/next")
    [ "$status" = 204 ] && break
    [ "$status" = 200 ] || { echo "FAILED: queue answered $status" >&2; cat body.json >&2; exit 1; }
    ITEM=$(jq -r .item.id body.json)
    # The highest priority comes first.
    [ -z "$first" ] || [ "$(jq -r .item.external_id body.json)" = "$first" ] || { echo "FAILED: the queue did not start with $first" >&2; exit 1; }
    first=
    call 201 -b "$jar" -H "$json" -H "X-CSRF-Token: $csrf" -d "{\"value\":{\"sentiment\":\"$label\"},\"time_spent_ms\":4000}" "$API/items/$ITEM/annotations"
  done
}
annotate_all ann.jar "$ANN_CSRF" negative
annotate_all cy.jar "$CY_CSRF" negative

# Ann sees only her own annotations (blind labelling); Bob reviews:
# he accepts both annotations of the first item and rejects one of the second.
call 200 -b grace.jar "$API/projects/$PROJECT/items?limit=10"
T1=$(jq -r '.items[] | select(.external_id=="t1") | .id' body.json)
T2=$(jq -r '.items[] | select(.external_id=="t2") | .id' body.json)
call 200 -b ann.jar "$API/items/$T1/annotations"
[ "$(jq '.annotations | length' body.json)" = 1 ]
call 200 -b bob.jar "$API/items/$T1/annotations"
for A in $(jq -r '.annotations[].id' body.json); do
  call 201 -b bob.jar -H "$json" -H "X-CSRF-Token: $BOB_CSRF" -d '{"verdict":"accept"}' "$API/annotations/$A/reviews"
done
call 200 -b bob.jar "$API/items/$T2/annotations"
A=$(jq -r '.annotations[0].id' body.json)
call 201 -b bob.jar -H "$json" -H "X-CSRF-Token: $BOB_CSRF" -d '{"verdict":"reject","comment":"This one is positive."}' "$API/annotations/$A/reviews"

# Grace reads the stats (items by status, work per annotator, agreement) and exports.
call 200 -b grace.jar "$API/projects/$PROJECT/stats"
[ "$(jq .stats.items.accepted body.json)" = 1 ] && [ "$(jq .stats.items.rejected body.json)" = 1 ]
call 200 -b grace.jar "$API/projects/$PROJECT/export?format=jsonl"
[ "$(wc -l < body.json)" = 2 ]
call 200 -b grace.jar "$API/projects/$PROJECT/export?format=csv"

# She freezes the accepted labels as release v1; its bytes hash to what its manifest says.
call 201 -b grace.jar -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d '{"name":"v1"}' "$API/projects/$PROJECT/releases"
[ "$(jq .release.item_count body.json)" = 1 ]
HASH=$(jq -r .release.content_hash body.json)
call 200 -b grace.jar "$API/projects/$PROJECT/releases/v1/items"
[ "sha256:$(sha256sum < body.json | cut -d' ' -f1)" = "$HASH" ]
call 409 -b grace.jar -H "$json" -H "X-CSRF-Token: $GRACE_CSRF" -d '{"name":"v1"}' "$API/projects/$PROJECT/releases"
call 403 -b ann.jar "$API/projects/$PROJECT/releases"

# The policy holds here too: an annotator cannot export, a viewer-less stranger sees nothing.
call 403 -b ann.jar "$API/projects/$PROJECT/export"
call 404 -b eve.jar "$API/projects/$PROJECT"

echo "walkthrough: all steps answered as expected"

# The README's own commands, verbatim, against a second fresh server on the
# default port's stand-in: they must run to the end without an error.
kill "$server"; wait "$server" 2>/dev/null || true
mkdir readme && cd readme
LABELWELL_BIND="127.0.0.1:$port" "$binary" serve >server.log 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
python3 - "$readme" "$port" >readme.sh <<'PY_EOF'
import re, sys
text = open(sys.argv[1]).read()
blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
walkthrough = [block for block in blocks if "$API" in block]
print("set -euo pipefail")
print("\n".join(walkthrough).replace("127.0.0.1:8080", "127.0.0.1:" + sys.argv[2]))
PY_EOF
timeout 120 bash readme.sh >readme.out 2>&1 || { echo "FAILED: the README walkthrough" >&2; tail -20 readme.out >&2; exit 1; }
grep -q '"accepted": 1' readme.out || { echo "FAILED: the README round did not end with an accepted item" >&2; exit 1; }
echo "README walkthrough: ran to the end"
