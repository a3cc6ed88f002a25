#!/usr/bin/env python3
"""Pre-generates signed WhatsApp Cloud webhooks for wrk (see webhooks.lua).

gen_webhooks.py OUT_PREFIX COUNT THREADS CONTACTS APP_SECRET TAG [BOTS] [random]

Writes OUT_PREFIX.0 … OUT_PREFIX.{THREADS-1}: one request a line, `bot<TAB>signature<TAB>body`,
thread t getting requests t, t+THREADS, … . Each body is a text message "hola" with a unique
wamid (wamid.TAG.N: the inbox dedupes on it, so TAG must differ between runs on one store) from
one of CONTACTS contacts (54911 + 8 digits): cycled, or drawn at random with `random`. BOTS = 1
sends everything to bot `shop`; otherwise contact i talks to bot `shop{i % BOTS:02d}` (the
layout run.sh's memory part seeds), through phone number 10654035{i % BOTS} (106540350 for one bot). Signature: X-Hub-Signature-256 as Meta computes it,
sha256=hex(HMAC-SHA256(app secret, raw body)).
"""
import hashlib
import hmac
import random
import sys

prefix, count, threads, contacts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
secret, tag = sys.argv[5].encode(), sys.argv[6]
bots = int(sys.argv[7]) if len(sys.argv) > 7 else 1
draw = random.Random(4).randrange if len(sys.argv) > 8 and sys.argv[8] == "random" else None
files = [open(f"{prefix}.{t}", "w") for t in range(threads)]
template = ('{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":'
            '{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"10654035%(p)d"},'
            '"contacts":[{"profile":{"name":"Ana"},"wa_id":"%(c)s"}],"messages":[{"from":"%(c)s","id":"%(id)s",'
            '"timestamp":"1700000000","type":"text","text":{"body":"hola"}}]}}]}]}')
for n in range(count):
    i = draw(contacts) if draw else n % contacts
    contact = "54911%08d" % i
    bot = "shop" if bots == 1 else "shop%02d" % (i % bots)
    body = template % {"c": contact, "p": i % bots, "id": "wamid.%s.%d" % (tag, n)}
    sig = "sha256=" + hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
    files[n % threads].write(bot + "\t" + sig + "\t" + body + "\n")
for f in files:
    f.close()
