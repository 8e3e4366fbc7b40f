#!/bin/sh
# The rate-limit layer's measured rate vs its limit (issue 12; not a test).
#   bench/limiter.sh [TOTAL_MIB [LIMIT_MIB_PER_S [OBJECT_MIB]]]   (default 40 8 4)
# Pushes the data through storage::ratelimit::RateLimited over a local
# backend with the real clock; see examples/limiter.rs.
set -eu
cd "$(dirname "$0")/.."
exec cargo run --quiet --release --example limiter -- "$@"
