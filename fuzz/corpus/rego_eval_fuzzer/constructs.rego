package veil.constructs
import future.keywords.every
import data.lists as l

deny contains msg if {
	some i, x in input.items; x.size > 10 * (2 + i) % 7
	msg := sprintf("item %d too big", [i])
}
owners[name] := count(ids) if {
	some name
	ids := {id | some id in input.owners[name]}
}
f(a, b) := a + -b if a != b
f(a, a) := 0
ok if every k, v in {"a": 1, "b": -2.5e3} { k != ""; v < 10 }
raw := `multi
line \u00e9 raw`
esc := "\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"
u := {1, 2} | {3} & set()
obj := {k: v | v := input.m[k]; not v == null}
neg := -input.x
