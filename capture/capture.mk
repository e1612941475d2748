# capture/: packet sources
CAPTURE_SRCS := capture/reader.c capture/filter.c
