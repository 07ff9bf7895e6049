// ProxyHeaderTests: the PROXY headers of Tests/Data/proxy/headers.txt read whole and one byte at a time, and a 1 MB line.

@testable import ChatServer
import Foundation
import Testing
import TestSupport

/// One line of Tests/Data/proxy/headers.txt.
struct ProxyHeaderCase: Sendable, CustomTestStringConvertible {
    var expected: String
    var name: String
    var bytes: [UInt8]

    var testDescription: String { name }

    /// The source address a case expects, "peer", or nil for a refusal.
    var source: String? {
        expected.hasPrefix("source ") ? String(expected.dropFirst("source ".count)) : expected == "peer" ? "peer" : nil
    }

    /// What a refusal must say.
    var refusal: String? {
        expected.hasPrefix("refused ") ? String(expected.dropFirst("refused ".count)) : nil
    }

    static let all: [ProxyHeaderCase] = {
        let text = (try? String(contentsOfFile: Repository.path("Tests/Data/proxy/headers.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "|", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
            let payload = fields[2]
            let bytes: [UInt8] =
                if payload.hasPrefix("hex ") {
                    payload.dropFirst(4).split(separator: " ").map { UInt8($0, radix: 16)! }
                } else {
                    unescaped(String(payload.dropFirst(5)))
                }
            return ProxyHeaderCase(expected: fields[0], name: fields[1], bytes: bytes)
        }
    }()

    /// `\r`, `\n`, `\0` and `\xNN` as their bytes.
    static func unescaped(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            guard byte == UInt8(ascii: "\\"), let next = input.popFirst() else {
                out.append(byte)
                continue
            }
            switch next {
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "0"): out.append(0)
            case UInt8(ascii: "x"):
                out.append(UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16)!)
                input = input.dropFirst(2)
            default: out.append(next)
            }
        }
        return out
    }
}

@Suite("PROXY protocol headers")
struct ProxyHeaderTests {
    /// What reading gives, as the data file's words: the source, "peer", or the refusal's text.
    static func outcome(_ reading: ProxyHeader.Reading) -> String {
        switch reading {
        case .header(let header): header.source.map { "source \($0)" } ?? "peer"
        case .incomplete: "incomplete"
        case .absent: "refused the load balancer's connection did not begin with a PROXY header"
        case .malformed(let reason): "refused \(reason)"
        }
    }

    @Test("the data file has cases of each kind")
    func enoughCases() {
        #expect(ProxyHeaderCase.all.filter { $0.source != nil }.count >= 8)
        #expect(ProxyHeaderCase.all.filter { $0.refusal != nil }.count >= 20)
    }

    @Test("each header read whole", arguments: ProxyHeaderCase.all)
    func whole(_ testCase: ProxyHeaderCase) {
        let got = Self.outcome(ProxyHeader.read(testCase.bytes))
        if let refusal = testCase.refusal {
            #expect(got.hasPrefix("refused") && got.contains(refusal), "got: \(got)")
        } else {
            #expect(got == testCase.expected)
        }
    }

    @Test("each header split into one-byte reads: incomplete until its last byte, then the same", arguments: ProxyHeaderCase.all)
    func byteByByte(_ testCase: ProxyHeaderCase) {
        let whole = ProxyHeader.read(testCase.bytes)
        var decidedAt: Int?
        for count in 1...testCase.bytes.count {
            if ProxyHeader.read(testCase.bytes.prefix(count)) != .incomplete {
                decidedAt = count
                break
            }
        }
        guard let at = decidedAt else {
            Issue.record("never decided")
            return
        }
        #expect(ProxyHeader.read(testCase.bytes.prefix(at)) == whole)
        if case .header(let header) = whole { #expect(at == header.length, "decided at the header's last byte") }
    }

    @Test("a 1 MB line is refused after 107 bytes, without reading on")
    func megabyteLine() {
        let line = Array("PROXY ".utf8) + [UInt8](repeating: UInt8(ascii: "A"), count: 1 << 20) + [0x0D, 0x0A]
        #expect(ProxyHeader.read(line) == .malformed("the PROXY line is longer than 107 bytes"))
        #expect(ProxyHeader.read(line.prefix(107)) == .malformed("the PROXY line is longer than 107 bytes"))
        #expect(ProxyHeader.read(line.prefix(106)) == .incomplete)
    }

    @Test("trust takes IP addresses, v4 and v6, and names what is not one")
    func trust() throws {
        let trust = try ProxyProtocolTrust(trusting: ["127.0.0.1", "::1"])
        #expect(trust.trusts(try .init(ipAddress: "127.0.0.1", port: 5)))
        #expect(trust.trusts(try .init(ipAddress: "0:0:0:0:0:0:0:1", port: 5)))
        #expect(!trust.trusts(try .init(ipAddress: "127.0.0.2", port: 5)))
        #expect(throws: ProxyTrustError.self) { try ProxyProtocolTrust(trusting: ["haproxy.local"]) }
    }
}
