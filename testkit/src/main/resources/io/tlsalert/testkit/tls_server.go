// A TLS server of Go's crypto/tls for tlsalert's tests (io.tlsalert.testkit.GoTlsServer). Standard library only.
// Binds 127.0.0.1:0, prints "LISTENING <port>", answers each connection's HTTP request with 200 and closes.
package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

var versions = map[string]uint16{
	"1.0": tls.VersionTLS10, "1.1": tls.VersionTLS11, "1.2": tls.VersionTLS12, "1.3": tls.VersionTLS13,
}

func main() {
	certFile := flag.String("cert", "", "certificate chain (PEM)")
	keyFile := flag.String("key", "", "private key (PEM)")
	minV := flag.String("min", "1.2", "oldest version")
	maxV := flag.String("max", "1.3", "newest version")
	ciphers := flag.String("ciphers", "", "TLS 1.0-1.2 suites by Go name, comma-separated")
	clientCA := flag.String("client-ca", "", "require a client certificate from this CA (PEM)")
	onlyName := flag.String("only-name", "", "serve only this SNI name")
	atHTTP := flag.Bool("client-cert-at-http", false, "request the client certificate, refuse without one at HTTP (403)")
	flag.Parse()

	cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		fail("key pair: %v", err)
	}
	cfg := &tls.Config{MinVersion: version(*minV), MaxVersion: version(*maxV)}
	if *onlyName == "" {
		cfg.Certificates = []tls.Certificate{cert}
	} else {
		// No Certificates: for another name (or none) getCertificate ends in errNoCertificates, which
		// crypto/tls answers with unrecognized_name (handshake_server.go, handshake_server_tls13.go).
		cfg.GetCertificate = func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			if hello.ServerName == *onlyName {
				return &cert, nil
			}
			fmt.Printf("refused SNI %q\n", hello.ServerName)
			return nil, nil
		}
	}
	if *ciphers != "" {
		byName := map[string]uint16{}
		for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
			byName[s.Name] = s.ID
		}
		for _, name := range strings.Split(*ciphers, ",") {
			id, ok := byName[name]
			if !ok {
				fail("unknown cipher suite %q", name)
			}
			cfg.CipherSuites = append(cfg.CipherSuites, id)
		}
	}
	if *clientCA != "" {
		pem, err := os.ReadFile(*clientCA)
		if err != nil {
			fail("client CA: %v", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			fail("no certificate in %s", *clientCA)
		}
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
		if *atHTTP {
			cfg.ClientAuth = tls.VerifyClientCertIfGiven
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail("listen: %v", err)
	}
	fmt.Printf("LISTENING %d\n", ln.Addr().(*net.TCPAddr).Port)
	for {
		c, err := ln.Accept()
		if err != nil {
			fail("accept: %v", err)
		}
		go serve(tls.Server(c, cfg), *atHTTP)
	}
}

func serve(c *tls.Conn, atHTTP bool) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if err := c.Handshake(); err != nil {
		fmt.Printf("handshake: %v\n", err)
		return
	}
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil || line == "\r\n" || line == "\n" {
			break
		}
	}
	if atHTTP && len(c.ConnectionState().PeerCertificates) == 0 {
		c.Write([]byte("HTTP/1.0 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 28\r\n\r\nclient certificate required\n"))
		return
	}
	c.Write([]byte("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n"))
}

func version(v string) uint16 {
	n, ok := versions[v]
	if !ok {
		fail("versions are 1.0..1.3, not %q", v)
	}
	return n
}

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", a...)
	os.Exit(2)
}
