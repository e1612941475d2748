# model/: the AWS topology (issue 6)
MODEL_SRCS :=
