#!/bin/sh
# ocds.json as a contract award notice, through the CLI, for the shipped examples and a generated
# lot (tools/gen/genbids): valid against the OCDS schemas, no 1970 date, no id twice in any
# array, every award pending with its standstill ending on the last day `calloff standstill
# --rules` gives, and every lot's status right.
# usage: notice.sh GENBIDS CALLOFF TOP_SRCDIR
set -u
GENBIDS=$1
CALLOFF=$2
TOP=$3
. "$(dirname "$0")/check.sh"

"$GENBIDS" "$T/gen" 60 7 >/dev/null || fail "genbids 60 bids, seed 7"
run() { # NAME RULES BIDS MARKS
	"$CALLOFF" evaluate "$2" "$3" --marks "$4" -o "$T/out-$1" --ocid-prefix ocds-a1b2c3 >/dev/null 2>"$T/err-$1"
	[ $? -le 3 ] || fail "evaluate $1: $(cat "$T/err-$1")"
	"$CALLOFF" standstill --rules "$2" --json >"$T/standstill-$1.json" || fail "standstill --rules for $1"
}
run lot7 "$TOP/rules/dorset-lot7-live-in-care.yaml" "$TOP/bids/lot7" "$TOP/bids/marks/dorset-lot7-marks.xml"
run lot8 "$TOP/rules/dorset-lot8-extra-care.yaml" "$TOP/bids/lot8" "$TOP/bids/marks/dorset-lot8-marks.xml"
run capped "$TOP/rules/dorset-lot8-extra-care-capped.yaml" "$TOP/bids/lot8" "$TOP/bids/marks/dorset-lot8-marks.xml"
run gen "$T/gen/rules.yaml" "$T/gen/bids" "$T/gen/marks.xml"

OCDS="$TOP/tests/data/ocds"
[ -d "$TOP/../shared/data/ocds" ] && OCDS="$TOP/../shared/data/ocds"
/usr/bin/python3 "$TOP/tests/ocds_validate.py" "$OCDS" "$T/out-lot7/ocds.json" "$T/out-lot8/ocds.json" "$T/out-capped/ocds.json" \
	"$T/out-gen/ocds.json" >"$T/valid.txt" 2>&1 || fail "OCDS validity: $(cat "$T/valid.txt")"

for lot in lot7 lot8 capped gen; do
	grep -q "1970" "$T/out-$lot/ocds.json" && fail "$lot: a 1970 date in the notice"
	/usr/bin/python3 - "$T/out-$lot/ocds.json" "$T/out-$lot/result.json" "$T/standstill-$lot.json" <<'PY' || fail "$lot: the notice's ids, awards and lots"
import json, sys
pkg, res, ss = (json.load(open(p)) for p in sys.argv[1:4])
rel = pkg["releases"][0]
for where, arr in (("parties", rel["parties"]), ("awards", rel["awards"]), ("lots", rel["tender"]["lots"]),
                   ("bids", rel["bids"]["details"]), ("tenderers", rel["tender"]["tenderers"])):
    ids = [x["id"] for x in arr]
    assert len(ids) == len(set(ids)), (where, ids)
end = ss["standstill_end"]
for a in rel["awards"]:
    assert a["status"] == "pending", a
    assert a["standstillPeriod"]["endDate"].startswith(end + "T23:59:59"), (a, end)
# A lot is unsuccessful exactly when the (final) result awards it to no one.
if res["competition"]["mode"] == "top_n":
    want = {res["competition"]["lot"]: "active" if res["awarded"] else "unsuccessful"}
else:
    want = {s["id"]: "active" if s["status"] != "unawarded" else "unsuccessful" for s in res["schemes"]}
got = {l["id"]: l["status"] for l in rel["tender"]["lots"]}
assert got == want, (got, want)
# A bid's value only where the lot has one scored price item; each valid price an item with its rate.
for b in rel["bids"]["details"]:
    for it in b.get("items", []):
        assert "amount" in it["unit"]["value"], it
PY
done
grep -q '"status": "unsuccessful"' "$T/out-capped/ocds.json" || fail "capped lot 8's ECH-05 is unsuccessful"
# The generated lot scores three price items (per hour, per night, per mile: never added up): no bid has a value.
/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["releases"][0]; b=r["bids"]["details"]; assert not [x for x in b if "value" in x] and [x for x in b if x.get("items")], b[:2]' \
	"$T/out-gen/ocds.json" || fail "the generated lot's bids give their rates as items, no value"

finish notice
