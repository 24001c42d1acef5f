//! The names each family registers, as they were before the families became tables: the
//! tables must keep every name, add none, and list each once.

use std::collections::BTreeSet;

/// Every family's names, in `helm_funcs`' registration order.
const BEFORE: &[(&str, &[&str])] = &[
    (
        "strings",
        &[
            "trim",
            "upper",
            "lower",
            "title",
            "untitle",
            "nospace",
            "initials",
            "swapcase",
            "snakecase",
            "kebabcase",
            "camelcase",
            "hello",
            "trimAll",
            "trimall",
            "trimPrefix",
            "trimSuffix",
            "contains",
            "hasPrefix",
            "hasSuffix",
            "replace",
            "repeat",
            "substr",
            "trunc",
            "abbrev",
            "abbrevboth",
            "wrap",
            "wrapWith",
            "indent",
            "nindent",
            "plural",
            "quote",
            "squote",
            "cat",
            "toString",
            "toStrings",
            "join",
            "sortAlpha",
            "split",
            "splitn",
            "splitList",
        ],
    ),
    (
        "math",
        &[
            "add1",
            "add",
            "sub",
            "div",
            "mod",
            "mul",
            "max",
            "biggest",
            "min",
            "int64",
            "int",
            "float64",
            "atoi",
            "toDecimal",
            "ceil",
            "floor",
            "round",
            "until",
            "untilStep",
            "seq",
            "addf",
            "subf",
            "mulf",
            "divf",
            "add1f",
            "maxf",
            "minf",
        ],
    ),
    (
        "defaults",
        &[
            "default",
            "empty",
            "coalesce",
            "all",
            "any",
            "ternary",
            "compact",
            "mustCompact",
        ],
    ),
    (
        "lists",
        &[
            "list",
            "tuple",
            "append",
            "mustAppend",
            "push",
            "mustPush",
            "prepend",
            "mustPrepend",
            "first",
            "mustFirst",
            "last",
            "mustLast",
            "rest",
            "mustRest",
            "initial",
            "mustInitial",
            "reverse",
            "mustReverse",
            "uniq",
            "mustUniq",
            "without",
            "mustWithout",
            "has",
            "mustHas",
            "slice",
            "mustSlice",
            "concat",
            "chunk",
            "mustChunk",
        ],
    ),
    (
        "dicts",
        &[
            "dict",
            "get",
            "set",
            "unset",
            "hasKey",
            "pluck",
            "keys",
            "values",
            "pick",
            "omit",
            "merge",
            "mustMerge",
            "mergeOverwrite",
            "mustMergeOverwrite",
            "dig",
            "deepCopy",
            "mustDeepCopy",
        ],
    ),
    (
        "reflect",
        &[
            "typeOf",
            "kindOf",
            "typeIs",
            "typeIsLike",
            "kindIs",
            "deepEqual",
        ],
    ),
    (
        "paths",
        &[
            "base", "osBase", "dir", "osDir", "clean", "osClean", "ext", "osExt", "isAbs",
            "osIsAbs",
        ],
    ),
    ("encoding", &["b64enc", "b64dec", "b32enc", "b32dec"]),
    (
        "crypto",
        &["sha1sum", "sha256sum", "sha512sum", "adler32sum"],
    ),
    (
        "dates",
        &[
            "durationRound",
            "now",
            "date",
            "dateInZone",
            "date_in_zone",
            "htmlDate",
            "htmlDateInZone",
            "unixEpoch",
            "ago",
            "duration",
            "dateModify",
            "date_modify",
            "mustDateModify",
            "must_date_modify",
            "toDate",
            "mustToDate",
        ],
    ),
    (
        "certs",
        &[
            "genPrivateKey",
            "genCA",
            "genCAWithKey",
            "genSelfSignedCert",
            "genSelfSignedCertWithKey",
            "genSignedCert",
            "genSignedCertWithKey",
            "buildCustomCert",
        ],
    ),
    ("aes", &["encryptAES", "decryptAES", "derivePassword"]),
    ("semver", &["semver", "semverCompare"]),
    (
        "regex",
        &[
            "regexMatch",
            "mustRegexMatch",
            "regexFind",
            "mustRegexFind",
            "regexFindAll",
            "mustRegexFindAll",
            "regexReplaceAll",
            "mustRegexReplaceAll",
            "regexReplaceAllLiteral",
            "mustRegexReplaceAllLiteral",
            "regexSplit",
            "mustRegexSplit",
            "regexQuoteMeta",
        ],
    ),
    (
        "random",
        &[
            "randAlphaNum",
            "randAlpha",
            "randNumeric",
            "randAscii",
            "randInt",
            "randBytes",
            "uuidv4",
            "shuffle",
            "bcrypt",
            "htpasswd",
        ],
    ),
    (
        "serialization",
        &[
            "toYamlPretty",
            "toToml",
            "fromToml",
            "toYaml",
            "mustToYaml",
            "fromYaml",
            "fromYamlArray",
            "toJson",
            "mustToJson",
            "toPrettyJson",
            "mustToPrettyJson",
            "toRawJson",
            "mustToRawJson",
            "fromJson",
            "mustFromJson",
            "fromJsonArray",
        ],
    ),
    ("url", &["urlParse", "urlJoin"]),
];

#[test]
fn helm_funcs_has_exactly_the_names_of_before() {
    let before: BTreeSet<&str> = BEFORE
        .iter()
        .flat_map(|(_, names)| names.iter().copied())
        .collect();
    let funcs = crate::helm_funcs();
    let now: BTreeSet<&str> = funcs.names().collect();
    assert_eq!(now, before);
}

#[test]
fn each_table_lists_its_family_once() {
    assert_eq!(crate::FAMILIES.len(), BEFORE.len());
    for (table, (family, before)) in crate::FAMILIES.iter().zip(BEFORE) {
        let mut names = BTreeSet::new();
        for b in *table {
            assert!(
                names.insert(b.name),
                "{} twice in the {family} table",
                b.name
            );
        }
        let before: BTreeSet<&str> = before.iter().copied().collect();
        assert_eq!(names, before, "the {family} table");
    }
}

#[test]
fn no_name_is_in_two_families() {
    let mut seen = BTreeSet::new();
    for (family, names) in BEFORE {
        for name in *names {
            assert!(seen.insert(name), "{name} of {family} is registered twice");
        }
    }
}
