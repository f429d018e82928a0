module example.com/svc

go 1.21

toolchain go1.21.5

require (
	github.com/gin-gonic/gin v1.9.1
	golang.org/x/net v0.0.0-20210226172049-e18ecbb05110 // indirect
	"github.com/quoted/mod" v0.3.0
)

require github.com/sirupsen/logrus v1.8.1

require (
	github.com/old/thing v1.0.0 // indirect
	example.com/local v0.0.0
)

replace github.com/old/thing => github.com/new/thing v1.2.3

replace example.com/local => ../local

exclude github.com/bad/mod v1.0.0
