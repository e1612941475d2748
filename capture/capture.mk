# capture/: packet sources
CAPTURE_SRCS := capture/reader.c capture/filter.c capture/live.c capture/writer.c
