# model/: the AWS topology (issue 6)
MODEL_SRCS := model/lpm.c model/load.c
MODEL_SRCS += model/route_order.c model/fib.c model/walk.c model/vpc.c model/tgw.c model/dx.c model/vpn.c \
	model/gwlb.c model/nat.c model/explain.c model/json.c
MODEL_SRCS += model/model.c model/load_vpc.c model/load_tgw.c model/load_vpn.c model/load_dx.c model/load_elb.c model/load_awstrace.c
