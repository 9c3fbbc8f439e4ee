package metrics

import (
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	fams := []Family{
		{Name: "a_total", Help: "A with \\ and\nnewline.", Type: Counter, Samples: []Sample{
			{Labels: []Label{{"id", "x"}, {"name", `q"uo\te` + "\n"}}, Value: 34893824},
			{Value: 0.25},
		}},
		{Name: "empty", Help: "skipped", Type: Gauge},
		{Name: "b", Help: "B.", Type: Gauge, Samples: []Sample{{Value: 1e300}}},
	}
	var sb strings.Builder
	if err := Write(&sb, fams); err != nil {
		t.Fatal(err)
	}
	want := `# HELP a_total A with \\ and\nnewline.
# TYPE a_total counter
a_total{id="x",name="q\"uo\\te\n"} 34893824
a_total 0.25
# HELP b B.
# TYPE b gauge
b 1e+300
`
	if sb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", sb.String(), want)
	}
}
