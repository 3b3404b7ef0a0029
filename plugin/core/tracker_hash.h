// The tracker's keys: Call-IDs, dialogs and transactions kept as 64- and 32-bit hashes (no strings are stored).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string_view>

#include "sip_method.h"

namespace sipadvice::tracker_hash {

constexpr uint16_t kNoRule = UINT16_MAX;
// 64·T1 with T1 = 500 ms: Timer B and Timer F, how long a client transaction waits for a final response.
constexpr uint32_t kTransactionTimeoutMs = 32000;
// Timer C: how long a proxy lets an INVITE ring before giving up (greater than 3 minutes, RFC 3261 §16.6).
constexpr uint32_t kRingingTimeoutMs = 180000;

// splitmix64's finalizer: spreads std::hash's output over all 64 bits before an index masks it.
inline uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

inline uint64_t combine(uint64_t a, uint64_t b) { return mix(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2))); }

inline uint64_t hash_of(std::string_view s) { return std::hash<std::string_view>{}(s); }

// A call key (Call-ID alone) is marked apart from a dialog key (Call-ID and both tags).
inline uint64_t call_key(uint64_t call_hash) { return combine(call_hash, 0x5e7d1a109e5e7000ULL); }

// Either direction of a dialog gives the same key: the 430 to a NOTIFY has the 204's tags swapped.
inline uint64_t dialog_key(uint64_t call_hash, std::string_view from_tag, std::string_view to_tag)
{
    const uint64_t from = hash_of(from_tag), to = hash_of(to_tag);
    return combine(combine(call_hash, std::min(from, to)), std::max(from, to));
}

// The method's share of a transaction hash, xor-ed in last: the INVITE and its CANCEL (same branch and CSeq
// number, RFC 3261 §9.1) then differ by a known term, and group_of() finds the INVITE a CANCEL was for.
inline uint32_t method_term(Method m) { return static_cast<uint32_t>(mix(static_cast<uint64_t>(m) + 1)); }

// Top Via branch, CSeq number and method (RFC 3261 §17.2.3), as 32 bits.
inline uint32_t transaction_hash(std::string_view branch, uint32_t cseq, Method method)
{
    const uint64_t h = combine(hash_of(branch), cseq);
    return static_cast<uint32_t>(h ^ (h >> 32)) ^ method_term(method);
}

// The transaction without its method: the same for an INVITE and its CANCEL.
inline uint32_t group_of(uint32_t txn, Method method) { return txn ^ method_term(method); }

}  // namespace sipadvice::tracker_hash
