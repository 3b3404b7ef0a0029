// A map from 64-bit hashed keys to 32-bit indices, open addressing with linear probing.
// Why not std::unordered_map: a node per entry costs ~56 bytes with the allocator's header and the bucket
// pointer; here an entry costs 12 bytes divided by the load factor (16-32 bytes), which is what keeps the
// tracker within its per-dialog memory budget on captures with millions of dialogs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sipadvice {

class FlatIndex {
public:
    // Returns the value stored for `key`, or nullptr.
    const uint32_t* find(uint64_t key) const
    {
        if (keys_.empty())
            return nullptr;
        key = storable(key);
        for (size_t i = key & mask_;; i = (i + 1) & mask_) {
            if (keys_[i] == key)
                return &values_[i];
            if (keys_[i] == kEmpty)
                return nullptr;
        }
    }

    // Inserts `key` (which must not be present) with `value`.
    void insert(uint64_t key, uint32_t value)
    {
        if ((size_ + 1) * 4 > keys_.size() * 3)
            grow();
        place(storable(key), value);
        ++size_;
    }

    size_t size() const { return size_; }
    size_t bytes() const { return keys_.capacity() * sizeof(uint64_t) + values_.capacity() * sizeof(uint32_t); }

private:
    static constexpr uint64_t kEmpty = 0;
    static uint64_t storable(uint64_t key) { return key == kEmpty ? 1 : key; }

    void place(uint64_t key, uint32_t value)
    {
        size_t i = key & mask_;
        while (keys_[i] != kEmpty)
            i = (i + 1) & mask_;
        keys_[i] = key;
        values_[i] = value;
    }

    void grow()
    {
        std::vector<uint64_t> old_keys(keys_.empty() ? 64 : keys_.size() * 2, kEmpty);
        std::vector<uint32_t> old_values(old_keys.size(), 0);
        old_keys.swap(keys_);
        old_values.swap(values_);
        mask_ = keys_.size() - 1;
        for (size_t i = 0; i < old_keys.size(); ++i)
            if (old_keys[i] != kEmpty)
                place(old_keys[i], old_values[i]);
    }

    std::vector<uint64_t> keys_;  // kEmpty marks a free slot; keys are already well mixed
    std::vector<uint32_t> values_;
    size_t size_ = 0;
    size_t mask_ = 0;
};

}  // namespace sipadvice
