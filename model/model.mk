# model/: the AWS topology (issue 6)
MODEL_SRCS := model/lpm.c model/load.c
MODEL_SRCS += model/route_order.c model/fib.c model/walk.c model/vpc.c model/tgw.c model/dx.c model/vpn.c \
	model/gwlb.c model/nat.c model/explain.c model/json.c
