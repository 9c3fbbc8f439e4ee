package ipam

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

func TestAllocatePersistReuse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "leases.json")
	s, err := Open(path, "10.213.7.0/24")
	if err != nil {
		t.Fatal(err)
	}
	if gw := s.Gateway().String(); gw != "10.213.7.1" {
		t.Fatalf("gateway %s", gw)
	}
	for i, owner := range []string{"a", "b", "c"} {
		ip, err := s.Allocate(owner)
		if want := fmt.Sprintf("10.213.7.%d", i+2); err != nil || ip.String() != want {
			t.Fatalf("Allocate(%s) = %v, %v; want %s", owner, ip, err, want)
		}
	}
	s2, _ := Open(path, "10.213.7.0/24") // a restart
	if ip, _ := s2.Allocate("b"); ip.String() != "10.213.7.3" {
		t.Fatalf("lease of b after reopen: %v", ip)
	}
	if err := s2.Release("b"); err != nil {
		t.Fatal(err)
	}
	if ip, _ := s2.Allocate("d"); ip.String() != "10.213.7.3" {
		t.Fatalf("released address not reused: %v", ip)
	}
	if l, _ := s.Leases(); len(l) != 3 || l["10.213.7.3"] != "d" {
		t.Fatalf("leases %v", l)
	}
}

func TestFullAndBadSubnet(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "l"), "10.213.8.0/30")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Allocate("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Allocate("b"); !errors.Is(err, ErrFull) {
		t.Fatalf("second lease in /30: %v, want ErrFull", err)
	}
	for _, bad := range []string{"x", "fd00::/64", "10.0.0.0/31"} {
		if _, err := Open("/tmp/x", bad); err == nil {
			t.Errorf("Open(%q) accepted", bad)
		}
	}
}

func TestConcurrentStores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "leases.json")
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s, _ := Open(path, "10.213.9.0/24") // separate store values, one file
			if _, err := s.Allocate(fmt.Sprint(i)); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	s, _ := Open(path, "10.213.9.0/24")
	if l, _ := s.Leases(); len(l) != 20 {
		t.Fatalf("%d leases after 20 concurrent allocations", len(l))
	}
}
