// ExpressionParser: text to ExpressionSyntax, by recursive descent with a depth limit.

/// A syntax error in an expression, with the character offset where it was found.
struct ExpressionError: Error, Equatable {
    var message: String
    var offset: Int
    /// Whether the error is the nesting limit (its own diagnostic code).
    var isDepthLimit = false
}

/// Parses the expression language of docs/dialog-language.md.
struct ExpressionParser {
    /// Deeper expressions are refused: evaluation recurses, and no sensible condition needs more.
    static let maximumDepth = 64

    private var tokens: [Token]
    private var position = 0
    private var depth = 0

    static func parse(_ text: String) -> Result<ExpressionSyntax, ExpressionError> {
        do {
            var parser = ExpressionParser(tokens: try Lexer.tokens(of: text))
            let expression = try parser.parseOr()
            guard parser.position == parser.tokens.count - 1 else {
                let token = parser.tokens[parser.position]
                return .failure(ExpressionError(message: "unexpected \(token.describe) after the end of the expression", offset: token.offset))
            }
            return .success(expression)
        } catch let error as ExpressionError {
            return .failure(error)
        } catch {
            return .failure(ExpressionError(message: "\(error)", offset: 0))
        }
    }

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func enter(at offset: Int) throws {
        depth += 1
        if depth > Self.maximumDepth {
            throw ExpressionError(message: "the expression is nested more than \(Self.maximumDepth) levels deep", offset: offset, isDepthLimit: true)
        }
    }

    private mutating func parseOr() throws -> ExpressionSyntax {
        var lhs = try parseAnd()
        while current.kind == .word("or") {
            let offset = advance().offset
            lhs = .binary(.or, lhs, try parseAnd(), offset: offset)
        }
        return lhs
    }

    private mutating func parseAnd() throws -> ExpressionSyntax {
        var lhs = try parseNot()
        while current.kind == .word("and") {
            let offset = advance().offset
            lhs = .binary(.and, lhs, try parseNot(), offset: offset)
        }
        return lhs
    }

    private mutating func parseNot() throws -> ExpressionSyntax {
        if current.kind == .word("not") {
            let offset = advance().offset
            try enter(at: offset)
            defer { depth -= 1 }
            return .not(try parseNot(), offset: offset)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> ExpressionSyntax {
        let lhs = try parseSum()
        // `thunderclap is unsure`: whether the person answered that question with doubt.
        if current.kind == .word("is"), tokens[position + 1].kind == .word("unsure") {
            let offset = advance().offset
            _ = advance()
            return .call("unsure", [lhs], offset: offset)
        }
        let op: BinaryOperator?
        switch current.kind {
        case .symbol(let symbol): op = BinaryOperator(rawValue: symbol).flatMap { $0.isComparison ? $0 : nil }
        case .word("in"): op = .in
        case .word("has"): op = .has
        case .word("not"):
            if tokens[position + 1].kind == .word("in") {
                _ = advance()
                op = .notIn
            } else {
                op = nil
            }
        default: op = nil
        }
        guard let op else { return lhs }
        let offset = advance().offset
        let rhs = try parseSum()
        if case .symbol(let symbol) = current.kind, BinaryOperator(rawValue: symbol)?.isComparison == true {
            throw ExpressionError(message: "comparisons cannot be chained; join them with `and`", offset: current.offset)
        }
        return .binary(op, lhs, rhs, offset: offset)
    }

    private mutating func parseSum() throws -> ExpressionSyntax {
        var lhs = try parseProduct()
        while case .symbol(let symbol) = current.kind, symbol == "+" || symbol == "-" {
            let offset = advance().offset
            lhs = .binary(symbol == "+" ? .plus : .minus, lhs, try parseProduct(), offset: offset)
        }
        return lhs
    }

    private mutating func parseProduct() throws -> ExpressionSyntax {
        var lhs = try parseUnary()
        while case .symbol(let symbol) = current.kind, symbol == "*" || symbol == "/" {
            let offset = advance().offset
            lhs = .binary(symbol == "*" ? .times : .divide, lhs, try parseUnary(), offset: offset)
        }
        return lhs
    }

    private mutating func parseUnary() throws -> ExpressionSyntax {
        if current.kind == .symbol("-") {
            let offset = advance().offset
            try enter(at: offset)
            defer { depth -= 1 }
            return .negate(try parseUnary(), offset: offset)
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws -> ExpressionSyntax {
        let token = advance()
        switch token.kind {
        case .number(let value):
            return .number(value, offset: token.offset)
        case .string(let value):
            return .string(value, offset: token.offset)
        case .word(let word):
            if ["and", "or", "not", "in", "has"].contains(word) {
                throw ExpressionError(message: "expected a value, found `\(word)`", offset: token.offset)
            }
            if current.kind == .symbol("(") {
                _ = advance()
                try enter(at: token.offset)
                defer { depth -= 1 }
                let arguments = try parseList(closing: ")")
                return .call(word, arguments, offset: token.offset)
            }
            return .name(word, offset: token.offset)
        case .symbol("("):
            try enter(at: token.offset)
            defer { depth -= 1 }
            let inner = try parseOr()
            try expect(")", openedAt: token.offset)
            return inner
        case .symbol("["):
            try enter(at: token.offset)
            defer { depth -= 1 }
            return .list(try parseList(closing: "]"), offset: token.offset)
        case .end:
            throw ExpressionError(message: "the expression ends where a value was expected", offset: token.offset)
        case .symbol(let symbol):
            throw ExpressionError(message: "expected a value, found `\(symbol)`", offset: token.offset)
        }
    }

    private mutating func parseList(closing: String) throws -> [ExpressionSyntax] {
        var items: [ExpressionSyntax] = []
        if current.kind == .symbol(closing) {
            _ = advance()
            return items
        }
        let opened = current.offset
        while true {
            items.append(try parseOr())
            if current.kind == .symbol(",") {
                _ = advance()
                continue
            }
            try expect(closing, openedAt: opened)
            return items
        }
    }

    private mutating func expect(_ symbol: String, openedAt offset: Int) throws {
        guard current.kind == .symbol(symbol) else {
            throw ExpressionError(message: "expected `\(symbol)`, found \(current.describe)", offset: current.offset)
        }
        _ = advance()
    }
}

/// A token of the expression language.
struct Token: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case string(String)
        case word(String)
        case symbol(String)
        case end
    }

    var kind: Kind
    var offset: Int

    var describe: String {
        switch kind {
        case .number(let value): "the number \(NumberFormatting.plain(value))"
        case .string(let value): "the text \"\(value)\""
        case .word(let word): "`\(word)`"
        case .symbol(let symbol): "`\(symbol)`"
        case .end: "the end of the expression"
        }
    }
}

/// Splits expression text into tokens.
enum Lexer {
    static func tokens(of text: String) throws -> [Token] {
        let characters = Array(text)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                continue
            }
            let start = index
            if character.isNumber && character.isASCII {
                while index < characters.count, characters[index].isASCII, characters[index].isNumber || characters[index] == "." {
                    index += 1
                }
                let literal = String(characters[start..<index])
                guard let value = Double(literal) else {
                    throw ExpressionError(message: "`\(literal)` is not a number", offset: start)
                }
                tokens.append(Token(kind: .number(value), offset: start))
            } else if character.isLetter || character == "_" {
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || characters[index] == "_" || characters[index] == "."
                {
                    index += 1
                }
                tokens.append(Token(kind: .word(String(characters[start..<index])), offset: start))
            } else if character == ".", !(index + 1 < characters.count && characters[index + 1].isNumber) {
                // `.` alone is the answer being given, in a question's `constraint` (`. <= 24`).
                index += 1
                tokens.append(Token(kind: .word("."), offset: start))
            } else if character == "\"" || character == "'" {
                index += 1
                var value = ""
                while index < characters.count, characters[index] != character {
                    value.append(characters[index])
                    index += 1
                }
                guard index < characters.count else {
                    throw ExpressionError(message: "this text has no closing \(character)", offset: start)
                }
                index += 1
                tokens.append(Token(kind: .string(value), offset: start))
            } else {
                let two = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
                if ["==", "!=", "<=", ">="].contains(two) {
                    tokens.append(Token(kind: .symbol(two), offset: start))
                    index += 2
                } else if "<>+-*/(),[]".contains(character) {
                    tokens.append(Token(kind: .symbol(String(character)), offset: start))
                    index += 1
                } else if character == "=" {
                    throw ExpressionError(message: "`=` is not an operator here; compare with `==`", offset: start)
                } else {
                    throw ExpressionError(message: "unexpected character `\(character)`", offset: start)
                }
            }
        }
        tokens.append(Token(kind: .end, offset: characters.count))
        return tokens
    }
}
