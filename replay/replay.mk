# replay/: the forwarding-engine replay (later issue)
REPLAY_SRCS :=
REPLAY_SRCS += replay/vantage.c
REPLAY_SRCS += replay/analyze.c replay/bgp_time.c
REPLAY_SRCS += replay/replay.c replay/des.c replay/compare.c
REPLAY_SRCS += replay/analyze_l2.c
