package network

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestNetworkInterfaceJSON pins runc's events encoding: untagged fields.
func TestNetworkInterfaceJSON(t *testing.T) {
	b, err := json.Marshal(NetworkInterface{Name: "cv1", RxBytes: 1, TxDropped: 2})
	want := `{"Name":"cv1","RxBytes":1,"RxPackets":0,"RxErrors":0,"RxDropped":0,"TxBytes":0,"TxPackets":0,"TxErrors":0,"TxDropped":2}`
	if err != nil || string(b) != want {
		t.Errorf("json = %s, %v; want %s", b, err, want)
	}
}

func TestInterfaceStatsMissing(t *testing.T) {
	if _, err := InterfaceStats("cvnosuchveth"); err == nil || !strings.Contains(err.Error(), "cvnosuchveth") {
		t.Errorf("InterfaceStats of a missing veth: %v", err)
	}
}
