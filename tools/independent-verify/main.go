// Command independent-verify checks a Parley transcript without any Parley code, using only
// Go's standard library and golang.org/x/mod/sumdb/{note,tlog} (the Go checksum database's
// transparency-log packages). It is the acceptance test that transcripts verify with standard
// RFC 9162 tooling and a standard C2SP signed-note verifier.
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run tools/independent-verify/main.go <file.json>
//
// The file is a transcript, or a golden vector ({"transcript": ..., "proofs": ...}) from
// testdata/record. It prints "OK <n> events" or the first failure and exits 1.
//
// Checked: every event's envelope bytes are recomputed here with a minimal RFC 8785 encoder
// for Parley's profile (integers within ±(2^53−1) only); each Ed25519 signature
// (crypto/ed25519) over the envelope without sig and body; present bodies against bodyHash;
// dialogue, party and the per-party seq/prev chain; the RFC 6962 root of the leaves
// (tlog.StoredHashes + tlog.TreeHash); the checkpoint via note.Open with the log's verifier
// key; its origin, size and root; inclusion and consistency proofs.
//
// Proof formats, as found by reading tlog.go: tlog.RecordProof and tlog.TreeProof are the
// RFC 6962 PATH and PROOF lists, leaf level first (the recursion peels the last hash as the
// top-level sibling, as RFC 9162 §2.1.3.1/§2.1.4.1 append it), with the same "old root is
// implicit at the left edge" rule. So Parley's RFC 9162 proofs go to tlog.CheckRecord and
// tlog.CheckTree unchanged. One difference: tlog.TreeHash(0) is all zeros, not SHA-256("").
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type party struct {
	ID        string `json:"id"`
	PublicKey string `json:"publicKey"`
}

type transcript struct {
	Format     string                   `json:"format"`
	Origin     string                   `json:"origin"`
	Parties    []party                  `json:"parties"`
	LogKey     string                   `json:"logKey"`
	Events     []map[string]interface{} `json:"events"`
	Checkpoint string                   `json:"checkpoint"`
}

type proofs struct {
	Inclusion *struct {
		Index int64    `json:"index"`
		Proof []string `json:"proof"`
	} `json:"inclusion"`
	Consistency *struct {
		From     int64    `json:"from"`
		FromRoot string   `json:"fromRoot"`
		Proof    []string `json:"proof"`
	} `json:"consistency"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: independent-verify <transcript.json>")
		os.Exit(2)
	}
	n, err := run(os.Args[1])
	if err != nil {
		fmt.Println("FAIL", err)
		os.Exit(1)
	}
	fmt.Printf("OK %d events\n", n)
}

func run(path string) (int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return 0, err
	}
	var p proofs
	if inner, ok := top["transcript"]; ok {
		raw = inner
		if pr, ok := top["proofs"]; ok {
			if err := json.Unmarshal(pr, &p); err != nil {
				return 0, err
			}
		}
	}
	var t transcript
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&t); err != nil {
		return 0, err
	}
	if t.Format != "parley-transcript/1" {
		return 0, fmt.Errorf("format %q", t.Format)
	}
	leaves, err := checkEvents(&t)
	if err != nil {
		return 0, err
	}
	return len(leaves), checkLog(&t, leaves, &p)
}

// checkEvents verifies every event and returns the Merkle leaf data (envelopes with sig).
func checkEvents(t *transcript) ([][]byte, error) {
	keys := map[string]ed25519.PublicKey{}
	for _, p := range t.Parties {
		k, err := base64.StdEncoding.DecodeString(p.PublicKey)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("party %s: bad public key", p.ID)
		}
		keys[p.ID] = k
	}
	dialogue := t.Origin[strings.LastIndex(t.Origin, "/")+1:]
	type head struct {
		seq float64
		id  string
	}
	heads := map[string]head{}
	var leaves [][]byte
	for i, e := range t.Events {
		fail := func(format string, args ...interface{}) error {
			return fmt.Errorf("event %d: %s", i, fmt.Sprintf(format, args...))
		}
		envelope := map[string]interface{}{}
		for k, v := range e {
			if k != "body" && k != "sig" {
				envelope[k] = v
			}
		}
		signed, err := jcs(envelope)
		if err != nil {
			return nil, fail("%v", err)
		}
		sigText, _ := e["sig"].(string)
		sig, err := base64.StdEncoding.DecodeString(sigText)
		if err != nil {
			return nil, fail("sig is not base64")
		}
		partyID, _ := e["party"].(string)
		key, ok := keys[partyID]
		if !ok {
			return nil, fail("party %q is not listed", partyID)
		}
		if e["dialogue"] != dialogue {
			return nil, fail("dialogue %v, expected %s", e["dialogue"], dialogue)
		}
		if body, ok := e["body"]; ok {
			b, err := jcs(body)
			if err != nil {
				return nil, fail("body: %v", err)
			}
			sum := sha256.Sum256(b)
			if hex.EncodeToString(sum[:]) != e["bodyHash"] {
				return nil, fail("body does not match bodyHash")
			}
		}
		if !ed25519.Verify(key, signed, sig) {
			return nil, fail("signature does not verify with party %s's key", partyID)
		}
		id := sha256.Sum256(signed)
		seq, _ := e["seq"].(json.Number).Float64()
		prev := heads[partyID]
		var prevID interface{}
		if prev.id != "" {
			prevID = prev.id
		}
		if seq != prev.seq+1 || e["prev"] != prevID {
			return nil, fail("chain broken: seq %v prev %v after seq %v id %v", seq, e["prev"], prev.seq, prevID)
		}
		heads[partyID] = head{seq, hex.EncodeToString(id[:])}
		envelope["sig"] = sigText
		leaf, err := jcs(envelope)
		if err != nil {
			return nil, fail("%v", err)
		}
		leaves = append(leaves, leaf)
	}
	return leaves, nil
}

// checkLog computes the RFC 6962 root with tlog, opens the checkpoint note, and checks proofs.
func checkLog(t *transcript, leaves [][]byte, p *proofs) error {
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, data := range leaves {
		hashes, err := tlog.StoredHashes(int64(i), data, reader)
		if err != nil {
			return err
		}
		stored = append(stored, hashes...)
	}
	size := int64(len(leaves))
	root, err := tlog.TreeHash(size, reader)
	if err != nil {
		return err
	}
	if size == 0 {
		root = sha256.Sum256(nil) // RFC 9162's empty tree; tlog uses all zeros
	}

	verifier, err := note.NewVerifier(t.LogKey)
	if err != nil {
		return fmt.Errorf("logKey: %v", err)
	}
	n, err := note.Open([]byte(t.Checkpoint), note.VerifierList(verifier))
	if err != nil {
		return fmt.Errorf("checkpoint: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != t.Origin {
		return fmt.Errorf("checkpoint: origin %q, expected %q", lines[0], t.Origin)
	}
	if lines[1] != strconv.FormatInt(size, 10) {
		return fmt.Errorf("checkpoint: size %s, expected %d", lines[1], size)
	}
	if lines[2] != base64.StdEncoding.EncodeToString(root[:]) {
		return fmt.Errorf("checkpoint: root %s, computed %s", lines[2], base64.StdEncoding.EncodeToString(root[:]))
	}

	// Proofs computed here by tlog, for a middle leaf and from half the tree.
	if size > 1 {
		index, from := size/2, size/2
		rp, err := tlog.ProveRecord(size, index, reader)
		if err == nil {
			err = tlog.CheckRecord(rp, size, root, index, tlog.RecordHash(leaves[index]))
		}
		if err != nil {
			return fmt.Errorf("inclusion of leaf %d: %v", index, err)
		}
		fromRoot, err := tlog.TreeHash(from, reader)
		if err != nil {
			return err
		}
		tp, err := tlog.ProveTree(size, from, reader)
		if err == nil {
			err = tlog.CheckTree(tp, size, root, from, fromRoot)
		}
		if err != nil {
			return fmt.Errorf("consistency from %d: %v", from, err)
		}
	}
	// Proofs supplied with the file (built by Parley), checked with tlog as they are.
	if p.Inclusion != nil {
		i := p.Inclusion.Index
		if i < 0 || i >= size {
			return fmt.Errorf("supplied inclusion proof: index %d out of range", i)
		}
		if err := tlog.CheckRecord(hashes(p.Inclusion.Proof), size, root, i, tlog.RecordHash(leaves[i])); err != nil {
			return fmt.Errorf("supplied inclusion proof of leaf %d: %v", i, err)
		}
	}
	if p.Consistency != nil {
		old := hashes([]string{p.Consistency.FromRoot})[0]
		if err := tlog.CheckTree(hashes(p.Consistency.Proof), size, root, p.Consistency.From, old); err != nil {
			return fmt.Errorf("supplied consistency proof from %d: %v", p.Consistency.From, err)
		}
	}
	return nil
}

func hashes(list []string) []tlog.Hash {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		b, _ := base64.StdEncoding.DecodeString(s)
		copy(out[i][:], b)
	}
	return out
}

// jcs is RFC 8785 for Parley's profile: integers within ±(2^53−1), no floats or -0.
func jcs(v interface{}) ([]byte, error) {
	var buf bytes.Buffer
	err := encode(&buf, v)
	return buf.Bytes(), err
}

func encode(buf *bytes.Buffer, v interface{}) error {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53-1 || (f == 0 && math.Signbit(f)) {
			return fmt.Errorf("number %s is outside the integer profile", x)
		}
		buf.WriteString(strconv.FormatInt(int64(f), 10))
	case string:
		encodeString(buf, x)
	case []interface{}:
		buf.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encode(buf, item); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case map[string]interface{}:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		// RFC 8785 §3.2.3: order by UTF-16 code units, not by UTF-8 bytes.
		sort.Slice(keys, func(i, j int) bool { return lessUTF16(keys[i], keys[j]) })
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			encodeString(buf, k)
			buf.WriteByte(':')
			if err := encode(buf, x[k]); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	default:
		return fmt.Errorf("unexpected JSON value %T", v)
	}
	return nil
}

func lessUTF16(a, b string) bool {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			return ua[i] < ub[i]
		}
	}
	return len(ua) < len(ub)
}

// encodeString escapes as ECMAScript JSON.stringify does (RFC 8785 §3.2.2.2).
func encodeString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			buf.WriteString(`\"`)
		case '\\':
			buf.WriteString(`\\`)
		case '\b':
			buf.WriteString(`\b`)
		case '\f':
			buf.WriteString(`\f`)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(buf, `\u%04x`, r)
			} else {
				buf.WriteRune(r)
			}
		}
	}
	buf.WriteByte('"')
}
