// SlotSet: a small bit set of slot indices (liveness sets of the path checker).

/// A set of slot indices as bits.
struct SlotSet: Hashable, Sendable {
    private(set) var words: [UInt64]

    init(capacity: Int) {
        words = [UInt64](repeating: 0, count: Swift.max(1, (capacity + 63) / 64))
    }

    init(capacity: Int, _ slots: some Sequence<Int>) {
        self.init(capacity: capacity)
        for slot in slots { insert(slot) }
    }

    func contains(_ slot: Int) -> Bool {
        words[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    mutating func insert(_ slot: Int) {
        words[slot >> 6] |= 1 << UInt64(slot & 63)
    }

    mutating func remove(_ slot: Int) {
        words[slot >> 6] &= ~(1 << UInt64(slot & 63))
    }

    mutating func formUnion(_ other: SlotSet) {
        for index in words.indices { words[index] |= other.words[index] }
    }

    /// Every index not in the set (within the capacity's words).
    var complement: SlotSet {
        var other = self
        for index in other.words.indices { other.words[index] = ~other.words[index] }
        return other
    }

    /// The members, ascending.
    var members: [Int] {
        var out: [Int] = []
        for (wordIndex, word) in words.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { out.append(wordIndex * 64 + bit) }
        }
        return out
    }
}
