package fuzz
import rego.v1

default allow := false
allow if {
	every k, v in input.submods { startswith(k, "cpu"); v["ear.status"] == "affirming" }
	not deny
}
deny if input.o.a > 5
kinds contains type_name(x) if some x in input.list
index[k] := v if some k, v in input.o
f(x) := y if { y := x * 2 } else := 0
doubled := [f(x) | some x in input.list]
pairs := {k: count(v) | some k, v in input.o; is_array(v)}
rest := {1, 2, 3} - {2} | {4} & {4, 5}
u := object.union_n([{"a": 1}, index])
s := sprintf("%v %s %d", [input.list, data.plugin, 3])
