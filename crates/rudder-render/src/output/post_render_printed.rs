//! helm 3's post-rendering: the manifests as `helm template` prints them (CRDs with
//! `--include-crds`, never hooks) go through the post-renderer as one text, and its output
//! replaces them unread (helm 3 neither parses nor re-splits it).

use super::{manifests_text, Assembled, PostRenderError, PostRenderer};

/// Runs `renderer` on the printed manifests and keeps its output in `assembled`.
pub fn post_render_printed(
    assembled: &mut Assembled,
    renderer: &dyn PostRenderer,
    to_dir: bool,
) -> Result<(), PostRenderError> {
    // With --output-dir the manifests were written to files first: the renderer gets nothing.
    let input = if to_dir {
        String::new()
    } else {
        manifests_text(assembled)
    };
    let output = renderer.run(&input).map_err(PostRenderError::Run)?;
    assembled.post_rendered = Some(output);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{output_dir_text, to_text};

    struct Mark;
    impl PostRenderer for Mark {
        fn run(&self, manifests: &str) -> Result<String, String> {
            Ok(format!(
                "# given {} bytes\n{manifests}\n\n",
                manifests.len()
            ))
        }
    }

    fn assembled() -> Assembled {
        Assembled {
            manifests: vec![("t/templates/a.yaml".into(), "kind: A".into())],
            hooks: vec![("t/templates/h.yaml".into(), "kind: H".into())],
            post_rendered: None,
        }
    }

    #[test]
    fn the_output_replaces_the_printed_manifests_and_hooks_follow() {
        let mut a = assembled();
        post_render_printed(&mut a, &Mark, false).unwrap();
        assert_eq!(
            to_text(&a),
            "# given 41 bytes\n---\n# Source: t/templates/a.yaml\nkind: A\n\
             ---\n# Source: t/templates/h.yaml\nkind: H\n"
        );
    }

    #[test]
    fn with_an_output_folder_the_renderer_gets_nothing_and_its_output_is_printed() {
        let mut a = assembled();
        post_render_printed(&mut a, &Mark, true).unwrap();
        assert_eq!(output_dir_text(&a), "# given 0 bytes\n");
        assert_eq!(output_dir_text(&assembled()), "\n");
    }
}
