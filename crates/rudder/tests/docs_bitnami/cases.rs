//! Hand-written charts: each tag and modifier, README layouts, and each disagreement the
//! random charts found, reduced (name, values.yaml, README.md). Names starting with
//! `config` use the custom config of [`super::gen::CUSTOM_WORDS`].

pub const CASES: &[(&str, &str, &str)] = &[
    (
        "every tag and modifier",
        "## @section Global\n## @descriptionStart\n## First line\n## second | line\n## @descriptionEnd\n\
         ## @param image.tag [string] Tag\n## @param image.pullPolicy [default: IfNotPresent] Policy\n\
         ## @param list [array] A list\n## @param obj [object] An object\n## @param maybe [nullable] Nullable\n\
         ## @param both [array, nullable] Kept value\n## @skip skipped\n## @extra extra.key Elsewhere\n\
         image:\n  tag: 1.2.3\n  pullPolicy: Always\nlist: [a, b]\nobj: {k: v}\nmaybe: null\nboth: [1]\n\
         skipped:\n  anything: true\n",
        "# Chart\n\n## Parameters\n\n## License\n",
    ),
    (
        "values of every kind",
        "## @section Values\n## @param s A string\n## @param e Empty\n## @param n Number\n## @param f Float\n\
         ## @param b Boolean\n## @param l Strings\n## @param m[0].k Map in list\n## @param nums[0] First\n\
         ## @param nums[1] Second\n## @param ml Multi-line\n## @param ann.x.io/y Dotted key\n\
         s: \"a | `b`\"\ne: \"\"\nn: 0x1F\nf: 1e21\nb: False\nl: [x, \"y z\"]\nm:\n  - k: v\nnums: [1, 2.50]\n\
         ml: |\n  one\n  two\nann:\n  x.io/y: v\n",
        "# Chart\n\n### Parameters\n\nold text\n\n| a |\n|---|\n\nbelow\n\n### Next\n",
    ),
    (
        "check errors",
        "## @section S\n## @param a A\n## @param gone Not there\na: 1\nb: 2\n",
        "## Parameters\n",
    ),
    (
        "unknown modifier",
        "## @section S\n## @param a [sometimes] A\na: 1\n",
        "## Parameters\n",
    ),
    (
        "nil in the schema",
        "## @section S\n## @param a A\na: null\n",
        "## Parameters\n",
    ),
    (
        "config words",
        "#% @group Main\n#% @value a [fallback: 3] A\n#% @value l [list, maybe] L\na: 1\nl: []\n",
        "# C\r\n\r\n## Values\r\n\r\n| x |\r\n",
    ),
];
