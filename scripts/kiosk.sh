#!/bin/sh
# Start Chromium full-screen as a counter, at the counter's start address.
#
#   scripts/kiosk.sh [counter-id] [server address]
#   KIOSK_COUNTER=bapa-1 KIOSK_SERVER=http://10.0.0.5:8000 KIOSK_COUNTER_KEY=… scripts/kiosk.sh
#
# KIOSK_COUNTER_KEY is the counter's own key, printed once by `flask --app wsgi counters add
# bapa-1` on the server. The browser first opens /api/counters/enrol, which keeps the key for
# the counter's heartbeats (only a provisioned counter's heartbeats count) and goes on to the
# start address, which the same key lets mark this browser as a counter. A counter that is its
# own server's browser needs no key to be marked (its heartbeats still need one).
#
# The start address /kiosk/<counter-id> marks this browser as a counter (see app/counter.py).
# --incognito: nothing of a visitor outlives the browser; the page itself forgets each visitor.
# --kiosk-printing: the print button prints on the default printer, with no dialog.
set -eu

COUNTER="${1:-${KIOSK_COUNTER:-counter-1}}"
SERVER="${2:-${KIOSK_SERVER:-http://127.0.0.1:8000}}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}"

case "$COUNTER" in
  *[!a-z0-9-]*|-*|*-|"") echo "counter id must be lower-case letters, digits and inner hyphens: $COUNTER" >&2; exit 2 ;;
esac

START="$SERVER/kiosk/$COUNTER"
if [ -n "${KIOSK_COUNTER_KEY:-}" ]; then
  case "$KIOSK_COUNTER_KEY" in
    *[!A-Za-z0-9_-]*) echo "KIOSK_COUNTER_KEY is not a key printed by 'flask counters add'" >&2; exit 2 ;;
  esac
  START="$SERVER/api/counters/enrol?counter=$COUNTER&key=$KIOSK_COUNTER_KEY"
fi

# Wait for the kiosk server (it may still be building its search index after a boot).
tries=0
until curl --silent --fail --max-time 2 "$SERVER/healthz" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -ge 300 ] && { echo "no kiosk server at $SERVER" >&2; exit 1; }
  sleep 1
done

exec "$CHROMIUM" \
  --kiosk \
  --incognito \
  --noerrdialogs \
  --disable-pinch \
  --overscroll-history-navigation=0 \
  --kiosk-printing \
  --no-first-run \
  --disable-features=Translate \
  --disable-session-crashed-bubble \
  --disable-infobars \
  --autoplay-policy=no-user-gesture-required \
  --check-for-update-interval=31536000 \
  "$START"
