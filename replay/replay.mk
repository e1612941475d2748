# replay/: the forwarding-engine replay (later issue)
REPLAY_SRCS :=
