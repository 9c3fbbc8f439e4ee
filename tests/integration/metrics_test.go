package integration

import (
	"encoding/json"
	"io"
	"math"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// freePort picks a loopback port nobody listens on.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// scrape GETs url and parses the body as Prometheus text, strictly.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	var resp *http.Response
	var err error
	for try := 0; try < 200; try++ {
		if resp, err = http.Get(url); err == nil {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("GET %s: %s, Content-Type %q: %s", url, resp.Status, resp.Header.Get("Content-Type"), body)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("metrics do not parse: %v\n%s", err, body)
	}
	return fams
}

// value finds the series of family name for container id.
func value(t *testing.T, fams map[string]*dto.MetricFamily, name, id string) float64 {
	t.Helper()
	f := fams[name]
	if f == nil {
		t.Fatalf("no family %s", name)
	}
	for _, m := range f.Metric {
		labels := map[string]string{}
		for _, l := range m.Label {
			labels[l.GetName()] = l.GetValue()
		}
		if labels["id"] != id {
			continue
		}
		if labels["name"] == "" {
			t.Errorf("%s{id=%q} has no name label", name, id)
		}
		if m.Counter != nil {
			return m.Counter.GetValue()
		}
		return m.Gauge.GetValue()
	}
	t.Fatalf("no %s series for %s", name, id)
	return 0
}

// The endpoint parses as Prometheus text and agrees with cell stats.
func TestMetricsAgreeWithStats(t *testing.T) {
	e := newEnv(t)
	startHog(t, e, "obs-met1", 32)
	addr := freePort(t)
	e.background("metrics", "--listen", addr)
	url := "http://" + addr + "/metrics"
	first := scrape(t, url)
	start := time.Now()
	st := parseStats(t, e.ok("stats", "--no-stream", "--interval", "1s", "--format", "json", "obs-met1"))["obs-met1"]
	second := scrape(t, url)
	elapsed := time.Since(start).Seconds()

	cpu := value(t, second, "cell_container_cpu_usage_seconds_total", "obs-met1") -
		value(t, first, "cell_container_cpu_usage_seconds_total", "obs-met1")
	if rate := 100 * cpu / elapsed; math.Abs(rate-st.CPUPercent) > 15 {
		t.Errorf("cpu rate from metrics %.1f%%, cell stats %.1f%%: want them to agree", rate, st.CPUPercent)
	}
	ws := value(t, second, "cell_container_memory_working_set_bytes", "obs-met1")
	if math.Abs(ws-float64(st.MemoryUsage)) > 1<<20 {
		t.Errorf("working set %.0f, cell stats memory %d", ws, st.MemoryUsage)
	}
	if l := value(t, second, "cell_container_memory_limit_bytes", "obs-met1"); l != float64(st.MemoryLimit) {
		t.Errorf("memory limit %.0f, cell stats %d", l, st.MemoryLimit)
	}
	if p := value(t, second, "cell_container_pids", "obs-met1"); p != float64(st.Pids) {
		t.Errorf("pids %.0f, cell stats %d", p, st.Pids)
	}
	for _, name := range []string{"cell_container_memory_usage_bytes", "cell_container_oom_kills_total", "cell_container_cpu_cfs_throttled_periods_total"} {
		value(t, second, name, "obs-met1")
	}
	// Pressure series exist exactly when the cgroup reports PSI (v2).
	var ev struct {
		Data struct{ CPU struct{ PSI *struct{} } }
	}
	if err := json.Unmarshal([]byte(e.ok("events", "--stats", "obs-met1")), &ev); err != nil {
		t.Fatal(err)
	}
	if _, ok := second["cell_container_pressure_cpu_waiting_seconds_total"]; ok != (ev.Data.CPU.PSI != nil) {
		t.Errorf("pressure series present %v, PSI in stats %v", ok, ev.Data.CPU.PSI != nil)
	}
}

// --listen takes a numeric IP:PORT; anything else fails naming the flag.
func TestMetricsBadListen(t *testing.T) {
	e := newEnv(t)
	for _, bad := range []string{"localhost:9140", "127.0.0.1", "127.0.0.1:99999", "1.2.3.4.5:80"} {
		if _, errs, code := e.cell("metrics", "--listen", bad); code == 0 || !strings.Contains(errs, "--listen") {
			t.Errorf("--listen %s: exit %d, stderr %q", bad, code, errs)
		}
	}
}
