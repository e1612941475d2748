# replay/: the forwarding-engine replay (later issue)
REPLAY_SRCS :=
REPLAY_SRCS += replay/vantage.c
REPLAY_SRCS += replay/replay.c replay/des.c replay/compare.c
