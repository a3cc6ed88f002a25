import Testing
@testable import FlowValidation

@Suite("email answers")
struct EmailTests {
    static let accepted: [(String, String)] = [
        ("ana@example.com", "ana@example.com"), ("Ana.Perez@Example.COM", "Ana.Perez@example.com"),
        ("  ana@example.com ", "ana@example.com"), ("ana+pedidos@mail.example.com.ar", "ana+pedidos@mail.example.com.ar"),
        ("o'brien@example.ie", "o'brien@example.ie"), ("first_last-1@sub-domain.example.org", "first_last-1@sub-domain.example.org"),
        ("user@xn--bcher-kva.de", "user@xn--bcher-kva.de"), ("josé@dominio.com", "josé@dominio.com"),
        ("ana@x.vermögensberater", "ana@x.vermögensberater"),
        ("ANA@MÜNCHEN.DE", "ANA@münchen.de"), ("a@b.co", "a@b.co"),
        // Providers' real domains, and others near them.
        ("ana@hotmail.co.uk", "ana@hotmail.co.uk"), ("ana@yahoo.com.ar", "ana@yahoo.com.ar"), ("ana@mail.com", "ana@mail.com"),
        ("ana@ymail.com", "ana@ymail.com"), ("ana@tienda.co", "ana@tienda.co"), ("ana@gmail.com", "ana@gmail.com"), ("ana@email.com", "ana@email.com"),
        // What surrounds an address pasted or ending a sentence.
        ("ana@example.com.", "ana@example.com"), ("<ana@example.com>", "ana@example.com"), ("mailto:Ana@Example.com", "Ana@example.com"),
        ("ana@example.com 🙏", "ana@example.com"), ("📧 ana@example.com", "ana@example.com"),
        ("ana@example.com!", "ana@example.com"), ("ana@example.XN--P1AI", "ana@example.xn--p1ai"), ("ana@пример.рф", "ana@пример.рф"),
        // One address with a lead-in before it and courtesy after it.
        ("mi correo es ana@gmail.com", "ana@gmail.com"), ("mi mail: ana@gmail.com", "ana@gmail.com"), ("email: Ana@Gmail.com", "Ana@gmail.com"),
        ("correo ana@gmail.com", "ana@gmail.com"), ("ana@gmail.com gracias", "ana@gmail.com"), ("ana@gmail.com porfa", "ana@gmail.com"),
        ("ana@gmail.com\ngracias", "ana@gmail.com"), ("mi correo:\nana@gmail.com", "ana@gmail.com"),
        ("Mi correo es: ana@gmail.com, muchas gracias!", "ana@gmail.com"), ("meu e-mail é ana@gmail.com obrigada", "ana@gmail.com"),
        ("my email is ana@gmail.com thanks", "ana@gmail.com"), ("mi correo es (ana@gmail.com)", "ana@gmail.com"),
        ("mandalo a ana@gmail.com por favor", "ana@gmail.com"), ("mi mail es mailto:ana@gmail.com", "ana@gmail.com"),
        ("hola, te paso mi mail: ana@gmail.com", "ana@gmail.com"), ("ahí va mi correo: ana@gmail.com", "ana@gmail.com"),
        ("my email address is ana@gmail.com", "ana@gmail.com"), ("segue meu email: ana@gmail.com", "ana@gmail.com"),
        // A greeting or a yes before it, with `!` or a comma, as a phone's lead-in has them.
        ("Hola! mi mail es a@b.com", "a@b.com"), ("Sí! a@b.com", "a@b.com"), ("¡Hola! mi correo es a@b.com", "a@b.com"),
        ("sí, ana@gmail.com", "ana@gmail.com"), ("dale, ana@gmail.com", "ana@gmail.com"), ("ok ana@gmail.com", "ana@gmail.com"),
        ("hola, ana@gmail.com", "ana@gmail.com"), ("anotá ana@gmail.com", "ana@gmail.com"), ("oi, ana@gmail.com", "ana@gmail.com"),
    ]

    @Test("accepted addresses, domain lower-cased", arguments: accepted)
    func accept(_ c: (String, String)) {
        #expect(check(c.0, ValidationRule(kind: .email)).value == .text(c.1), "\(c.0)")
    }

    static let rejected = [
        "", "ana", "ana@", "@example.com", "ana@example", "ana@@example.com", "ana@exa mple.com", "ana perez@example.com",
        "ana@example..com", ".ana@example.com", "ana.@example.com", "an..a@example.com", "ana@-example.com",
        "ana@example-.com", "ana@example.c", "ana@127.0.0.1", "ana@[127.0.0.1]", "ana@example..", "ana@.example.com", "<ana@>", "mailto:",
        "a@b@example.com", "\"ana\"@example.com", "ana@exa_mple.com", "ana(at)example.com", "mailto:ana@example.com x",
        String(repeating: "a", count: 65) + "@example.com",
        // A top-level domain is letters (or punycode): a digit or a hyphen in it is a typo.
        "ana@gmail.c0m", "ana@gmail.co1", "ana@gmail.c-om", "ana@пример.р1",
        // An accent slipped into a Latin top-level domain (autocorrect): no such domain exists.
        "ana@gmail.cóm", "ana@hotmail.cõm", "ana@tienda.ár", "ana@gmail.cóm", "ana@mail.cõm.br",
        // A well-known provider or its `.com` mistyped: no mailbox is there.
        "ana@gmail.con", "ana@gmial.com", "ana@hotmial.com", "ana@gmail.co", "ana@hotmail.con.ar", "ana@Gmail.Con", "ana@outlok.com",
        "ana@yahoo.cmo", "mi mail es ana@gmail.con", "ana@gmail.om",
        // Words around it that refuse, give someone else's or several, or are no lead-in or courtesy.
        "no es ana@gmail.com", "el de mi mamá es ana@gmail.com", "a@b.com o c@d.com", "a@b.com c@d.com", "mi correo es a@b.com o c@d.com",
        "creo que es ana@gmail.com", "mi correo anterior era ana@gmail.com", "ana@gmail.com no", "ana@gmail.com o el otro",
        "ana@gmail.com es el de mi jefe", "mi nombre es ana perez@example.com", "mi correo es", "correo: ana@", "mi correo es ana @gmail.com",
        "ana@gmail.com 123", "mi correo es 2 ana@gmail.com", "email:ana@gmail.com x",
        // Someone else's address, a guess, sending it elsewhere, a question.
        "el de mi señora es x@gmail.com", "el de mi pareja es x@gmail.com", "el de mi nene es x@gmail.com",
        "el de mi nieto es x@gmail.com", "el de mi socio es x@gmail.com", "el mail de juan es juan@x.com", "el de Pedro: p@x.com",
        "Pedro: p@x.com", "mi socio: s@x.com", "Juan\nj@x.com", "mandalo a mi contador a c@x.com",
        "mandalo al de mi contadora: c@x.com", "ponelo a nombre de mi socio: s@x.com", "send it to my accountant at b@x.com",
        "supongo que es a@x.com", "supongo a@x.com", "capaz es a@x.com", "a@x.com??", "a@x.com?", "¿a@x.com?", "mi mail es a@x.com?",
        "a@x.com (de mi señora)", "mi mail viejo es a@x.com",
        // `!` is no question: a refusal or someone else's with it is still asked again.
        "no! a@b.com", "hola! el de mi mamá es a@b.com", "de la cruz@x.com", "hola? a@b.com",
    ]

    @Test("rejected addresses are bad_format", arguments: rejected)
    func reject(_ input: String) {
        #expect(check(input, ValidationRule(kind: .email)).reason == .badFormat, "\(input)")
    }
}
