/**
 * A network hop on loopback: {@link org.rlstenancy.benchmarks.link.LatencyProxy}, a TCP proxy on 127.0.0.1 that
 * delays every chunk of bytes, in each direction, by a one-way latency, for the benchmark's {@code --link-latency-us}.
 */
package org.rlstenancy.benchmarks.link;
