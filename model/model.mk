# model/: the AWS topology (issue 6)
MODEL_SRCS := model/lpm.c model/load.c
MODEL_SRCS += model/route_order.c model/forward.c model/explain.c
