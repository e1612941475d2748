# replay/: the forwarding-engine replay (later issue)
REPLAY_SRCS :=
REPLAY_SRCS += replay/vantage.c
