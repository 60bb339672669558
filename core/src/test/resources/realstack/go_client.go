// A Go crypto/tls client for GoRealStackTest: dial ADDR (MODE tls12 caps the version), trust CA.pem if given, print the error.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

func main() {
	cfg := &tls.Config{ServerName: "localhost"}
	if os.Args[2] == "tls12" {
		cfg.MaxVersion = tls.VersionTLS12
	}
	if len(os.Args) > 3 {
		pem, _ := os.ReadFile(os.Args[3])
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		cfg.RootCAs = pool
	}
	c, err := tls.Dial("tcp", os.Args[1], cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = c.Read(make([]byte, 1))
	fmt.Println("read:", err)
}
