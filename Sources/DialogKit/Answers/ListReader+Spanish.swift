// ListReader+Spanish: the Spanish words of lists ("náuseas pero no vómitos", "todos menos el Botox").

extension ListReader {
    /// English and Spanish together (folded: no accents), for a dialog in Spanish. "y" and "e" join, "o"
    /// and "u" offer, "ni" denies what it joins, "pero" and "sino" end a denial.
    static let spanish = Vocabulary(
        joiners: englishJoiners.merging(
            ["y": .and, "e": .and, "mas": .and, "tambien": .and, "ademas": .and, "o": .or, "u": .or, "ni": .nor, "pero": .but,
             "aunque": .but, "sino": .but, "mientras": .but],
            uniquingKeysWith: { english, _ in english }),
        negations: englishNegations + spanishExceptions + ["no", "nunca", "jamas", "ninguno", "ninguna", "ningun", "nada", "sin", "tampoco", "ni", "nada de"],
        inabilities: englishInabilities.union(["incapaz"]),
        affirmations: englishAffirmations.union(["si", "solo", "solamente", "pero", "principalmente", "sino"]),
        allPhrases: englishAllPhrases + [
            "todos", "todas", "todo", "todos ellos", "todas ellas", "todos estos", "todas estas", "todas las anteriores",
            "todos los anteriores", "todo eso", "todo lo anterior", "cualquiera",
        ],
        exceptionWords: englishExceptionWords + spanishExceptions + ["pero", "pero no", "pero ni", "sin"],
        noneAnswers: englishNoneAnswers + [
            "ninguno", "ninguna", "ningun", "nada", "no", "nunca", "ninguno de estos", "ninguna de estas", "ninguno de ellos",
            "ninguna de ellas", "ninguna de las anteriores", "ninguno de los anteriores", "nada de eso", "nada de esto",
            "ninguno de esos", "ninguna de esas", "no ninguno", "no ninguna", "no nada", "cero", "nada de nada",
        ],
        fillers: englishFillers.union([
            "yo", "tengo", "tuve", "tenia", "tomo", "tome", "tomaba", "he", "ha", "tomado", "usado", "uso", "use", "usaba",
            "probado", "probe", "el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "de", "del", "con", "a", "al", "me",
            "mi", "mis", "veces", "siempre", "muchas", "tambien", "poco", "mucho", "muy", "y", "o", "quizas", "creo", "por",
            "favor", "gracias", "bueno", "pues", "que", "es", "son", "eso", "esto", "dolor", "cabeza", "cuando", "durante",
            "en", "sobre", "algo", "algunas", "algunos", "normalmente", "casi", "sentir", "siento", "noto", "tener",
            "e", "u", "bastante",
        ]))

    /// Words that leave out what follows them: "excepto el Botox", "menos la aspirina".
    static let spanishExceptions = ["excepto", "salvo", "menos", "aparte de", "quitando", "sin contar", "excluyendo", "fuera de"]
}
