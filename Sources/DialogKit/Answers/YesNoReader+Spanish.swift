// YesNoReader+Spanish: the Spanish words of yes and no, read beside the English ones in a dialog in Spanish.

extension YesNoReader {
    /// English and Spanish together: a person answering a Spanish dialog may mix in English ("yes", "not
    /// really"). Words are folded (no accents: "sí" is "si"). "y" is Spanish for "and", never a yes here.
    static let spanish = Vocabulary(
        yes: yesPhrases.filter { $0 != "y" } + spanishYes, no: noPhrases + spanishNo, negations: negationWords + spanishNegations,
        auxiliaries: auxiliaryWords + spanishAuxiliaries, neutral: neutralWords.union(spanishNeutral),
        clauseJoiners: clauseJoiners.union(["pero", "aunque", "sino", "excepto", "salvo", "menos"]),
        qualifiers: qualifiers.union(spanishQualifiers), negatedQualifiers: negatedQualifiers.union(spanishNegatedQualifiers))

    /// Words that take a no back in part, in Spanish: "no pero a veces", "no del todo", "no mucho",
    /// "no, ayer", "no desde hace tiempo", "no siempre", "casi no", "ya no".
    static let spanishQualifiers: Set<String> = [
        "veces", "ayer", "hace", "antes", "poco", "menudo", "ultimamente", "recientemente", "casi", "ya", "desde", "ocasiones",
        "ocasionalmente",
    ]

    static let spanishYes = [
        "si", "sii", "siii", "sip", "sep", "sí", "claro", "claro que si", "por supuesto", "por supuesto que si", "desde luego",
        "efectivamente", "exacto", "exactamente", "correcto", "cierto", "es cierto", "asi es", "eso es", "vale", "de acuerdo",
        "afirmativo", "seguro", "seguro que si", "sin duda", "totalmente", "obvio", "obviamente", "pues si", "que si", "si si",
        "si senor", "si senora", "ajá", "aja", "ya lo creo",
    ]
    static let spanishNo = [
        "nop", "nel", "nunca", "jamas", "nunca jamas", "para nada", "en absoluto", "de ninguna manera", "de ningun modo",
        "ninguno", "ninguna", "nada", "nada de eso", "negativo", "tampoco", "que va", "claro que no", "por supuesto que no",
        "desde luego que no", "seguro que no", "no no", "pues no", "que no", "no senor", "no senora", "ni de broma", "ni hablar",
        "no nunca", "nunca me ha pasado", "no me ha pasado", "no me paso", "no me pasa",
    ]
    /// Words that deny: a no, unless the line also says yes.
    static let spanishNegations = ["sin", "nadie", "ningun", "ni"]
    /// "tengo", "me pasó": a yes when the line says nothing else.
    static let spanishAuxiliaries = [
        "tengo", "tuve", "tenia", "he", "ha", "hay", "habia", "hubo", "estoy", "estaba", "me pasa", "me paso", "me ha pasado",
        "lo tengo", "lo tuve", "me ocurre", "me ocurrio",
    ]
    /// Words that carry no answer of their own in Spanish: articles, pronouns, times, courtesy (one word each).
    static let spanishNeutral: Set<String> = [
        "yo", "me", "mi", "mis", "lo", "la", "le", "el", "los", "las", "les", "un", "una", "unos", "unas", "uno", "de", "del",
        "a", "al", "en", "con", "por", "para", "que", "y", "e", "o", "u", "pero", "tambien", "muy", "mucho", "mucha", "poco",
        "ya", "hoy", "ayer", "vez", "veces", "dia", "dias", "semana", "semanas", "mes", "meses", "ano",
        "anos", "antes", "ahora", "siempre", "gracias", "bueno", "pues", "bien",
        "eh", "em", "mm", "ah", "oh", "uf", "dolor", "dolores", "cabeza", "esto", "eso", "este", "esta", "ese", "esa",
        "aqui", "ahi", "alli", "algo", "todo", "toda", "senor", "senora", "doctor", "doctora", "es", "son", "era",
        "fue", "sido", "estado", "tenido", "pasado", "sentido", "notado", "ocurrido", "sucedido", "sufrido", "duele",
        "dolia", "dolio", "igual", "mismo", "misma", "normal", "usual", "nuevo", "nueva", "otro", "otra", "otros", "otras",
        "hace", "desde", "cuando", "mientras", "despues", "durante", "ultimamente", "recientemente", "afortunadamente", "dios", "sinceramente", "honestamente",
        "solo", "solamente", "como", "tan", "mas", "menos", "cosa", "cosas", "tipo", "vida", 
    ]
}
