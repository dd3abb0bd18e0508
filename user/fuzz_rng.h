// The fuzzer's random numbers: Marsaglia's xorshift32, small and fully
// determined by its seed, so that one seed replays the same calls.
#pragma once

#include <inc/types.h>

class FuzzRng {
public:
    // Any seed works: the state is scrambled and never zero (xorshift's one fixed point).
    explicit FuzzRng(uint32_t seed) : m_state((seed ^ 0x9e3779b9u) * 0x85ebca6bu)
    {
        if (m_state == 0)
            m_state = 0x6d2b79f5u;
        for (int i = 0; i < 4; i++)
            next(); // let a small seed spread into every bit
    }

    uint32_t next()
    {
        uint32_t x = m_state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        m_state = x;
        return x;
    }

    // A number in [0, n); n > 0.
    uint32_t below(uint32_t n) { return next() % n; }

    // True once in `n` draws on average.
    bool one_in(uint32_t n) { return below(n) == 0; }

    template <typename T, size_t N>
    const T& pick(const T (&choices)[N])
    {
        return choices[below(N)];
    }

private:
    uint32_t m_state;
};

// The seed of the n-th child of a run: distinct streams from one run seed.
inline uint32_t
fuzz_child_seed(uint32_t seed, uint32_t n)
{
    uint32_t x = seed + 0x9e3779b9u * (n + 1);
    x = (x ^ (x >> 16)) * 0x7feb352du;
    x = (x ^ (x >> 15)) * 0x846ca68bu;
    return x ^ (x >> 16);
}
