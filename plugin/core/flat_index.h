// An index of 32-bit values (positions in a container) by 64-bit hashed keys: open addressing with linear
// probing, the keys stored by the caller next to the values and read back through `KeyOf`.
// Why not std::unordered_map: a node per entry costs ~56 bytes with the allocator's header and the bucket
// pointer. Here an entry costs one 4-byte slot divided by the load factor (5-11 bytes), which is what keeps
// the tracker within its memory budget per dialog on captures with millions of dialogs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sipadvice {

template <class KeyOf> class FlatIndex {
public:
    static constexpr uint32_t kAbsent = UINT32_MAX;

    explicit FlatIndex(KeyOf key_of) : key_of_(key_of) {}

    // The value stored for `key`, or kAbsent.
    uint32_t find(uint64_t key) const
    {
        if (slots_.empty())
            return kAbsent;
        for (size_t i = key & mask_;; i = (i + 1) & mask_) {
            const uint32_t v = slots_[i];
            if (v == kAbsent || key_of_(v) == key)
                return v;
        }
    }

    // Adds `value`, whose key (key_of(value)) must not be present yet.
    void insert(uint32_t value)
    {
        if ((size_ + 1) * 4 > slots_.size() * 3)
            grow();
        place(value);
        ++size_;
    }

    size_t size() const { return size_; }
    size_t bytes() const { return slots_.capacity() * sizeof(uint32_t); }

private:
    void place(uint32_t value)
    {
        size_t i = key_of_(value) & mask_;
        while (slots_[i] != kAbsent)
            i = (i + 1) & mask_;
        slots_[i] = value;
    }

    void grow()
    {
        std::vector<uint32_t> old(slots_.empty() ? 64 : slots_.size() * 2, kAbsent);
        old.swap(slots_);
        mask_ = slots_.size() - 1;
        for (const uint32_t v : old)
            if (v != kAbsent)
                place(v);
    }

    KeyOf key_of_;
    std::vector<uint32_t> slots_;  // kAbsent marks a free slot; keys are well mixed, so the low bits index
    size_t size_ = 0;
    size_t mask_ = 0;
};

}  // namespace sipadvice
