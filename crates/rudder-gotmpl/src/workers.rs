//! Independent pieces of work spread over the cores, on threads whose stacks are as deep as
//! a render's (see [`crate::stack`]).
//!
//! Starting a thread costs about what reading a few dozen small files or parsing a 100 KiB
//! manifest does, so small batches stay on the calling thread.

/// A worker's stack, reserved and touched only as used.
const WORKER_STACK: usize = 1 << 30;

/// `f` of each item, in order. When the items' total `weight` reaches `parallel_from`, they
/// are cut into contiguous shares of about equal weight, one per core, the last one done on
/// this thread.
pub fn map_on_cores<T: Sync, R: Send>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    parallel_from: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let weights: Vec<usize> = items.iter().map(&weight).collect();
    let total: usize = weights.iter().sum();
    if total < parallel_from || items.len() < 2 || cores() < 2 {
        return items.iter().map(&f).collect();
    }
    let cores = cores();
    let shares = split_by_weight(items, &weights, cores);
    let (last, others) = shares.split_last().expect("at least one share");
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = others
            .iter()
            .map(|&share| {
                scope.spawn(move || {
                    crate::stack::on_new_stack(WORKER_STACK, || {
                        share.iter().map(f).collect::<Vec<R>>()
                    })
                })
            })
            .collect();
        let mine: Vec<R> = last.iter().map(f).collect();
        let mut out = Vec::with_capacity(items.len());
        for worker in workers {
            match worker.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out.extend(mine);
        out
    })
}

/// Items handed over by [`ahead_on_core`] before the consumer takes them: enough to keep the
/// producer busy, few enough that its results do not pile up in memory.
const AHEAD: usize = 8;

/// `consume(i, produce(&items[i]))` for each item in order, the `produce` calls running on
/// another core at most `AHEAD` items ahead of `consume` (two stages of a pipeline), when the
/// items' total `weight` reaches `parallel_from`. The first error of `consume` stops both.
pub fn ahead_on_core<T: Sync, R: Send, E>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    parallel_from: usize,
    mut produce: impl FnMut(&T) -> R + Send,
    mut consume: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E> {
    if items.iter().map(weight).sum::<usize>() < parallel_from || cores() < 2 {
        return (items.iter().enumerate()).try_for_each(|(i, item)| consume(i, produce(item)));
    }
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(AHEAD);
        scope.spawn(move || {
            // A failed send means that the consumer stopped.
            items.iter().try_for_each(|item| send.send(produce(item)))
        });
        (0..items.len()).try_for_each(|i| match receive.recv() {
            Ok(made) => consume(i, made),
            Err(_) => unreachable!("the producer sends one result per item"),
        })
    })
}

/// The cores this process may use, asked once: std reads the cgroup's quota files each time.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `items` cut into at most `n` consecutive runs of about equal total weight.
fn split_by_weight<'i, T>(items: &'i [T], weights: &[usize], n: usize) -> Vec<&'i [T]> {
    let total: usize = weights.iter().sum();
    let target = total.div_ceil(n).max(1);
    let mut shares = Vec::with_capacity(n);
    let (mut start, mut filled) = (0, 0);
    for (i, w) in weights.iter().enumerate() {
        filled += w;
        if filled >= target && shares.len() + 1 < n {
            shares.push(&items[start..=i]);
            start = i + 1;
            filled = 0;
        }
    }
    if start < items.len() || shares.is_empty() {
        shares.push(&items[start..]);
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_every_item_once_in_order() {
        let items = ["a", "bb", "ccc", "d", "eeeee", "f"];
        let weights: Vec<usize> = items.iter().map(|s| s.len()).collect();
        for n in 1..=8 {
            let shares = split_by_weight(&items, &weights, n);
            assert!(shares.len() <= n && !shares.is_empty());
            assert_eq!(shares.concat(), items, "{n} shares");
        }
    }

    #[test]
    fn heavy_batches_run_on_threads_and_keep_the_order() {
        let items: Vec<usize> = (0..1000).collect();
        let main = std::thread::current().id();
        let out = map_on_cores(&items, |_| 1, 10, |i| (i * 2, std::thread::current().id()));
        assert_eq!(
            out.iter().map(|(v, _)| *v).collect::<Vec<_>>(),
            (0..1000).map(|i| i * 2).collect::<Vec<_>>()
        );
        if cores() > 1 {
            assert!(
                out.iter().any(|(_, t)| *t != main),
                "some items on a worker"
            );
        }
        assert!(
            out.last().is_some_and(|(_, t)| *t == main),
            "the last share here"
        );
    }

    #[test]
    fn a_pipeline_consumes_in_order_and_stops_at_the_first_error() {
        let items: Vec<usize> = (0..100).collect();
        let main = std::thread::current().id();
        let mut seen = Vec::new();
        let done: Result<(), usize> = ahead_on_core(
            &items,
            |_| 1,
            10,
            |&i| (i * 3, std::thread::current().id()),
            |i, (v, thread)| {
                seen.push((i, v, thread));
                Ok(())
            },
        );
        assert!(done.is_ok());
        assert!(seen
            .iter()
            .enumerate()
            .all(|(n, &(i, v, _))| i == n && v == n * 3));
        if cores() > 1 {
            assert!(
                seen.iter().all(|&(_, _, t)| t != main),
                "produced on a worker"
            );
        }
        let stopped = ahead_on_core(
            &items,
            |_| 1,
            10,
            |&i| i,
            |_, v| if v == 7 { Err(v) } else { Ok(()) },
        );
        assert_eq!(stopped, Err(7));
        let light = ahead_on_core(
            &items,
            |_| 1,
            1000,
            |_| std::thread::current().id(),
            |_, t| {
                if t == main {
                    Ok(())
                } else {
                    Err(())
                }
            },
        );
        assert_eq!(light, Ok(()), "light batches stay on this thread");
    }

    #[test]
    fn light_batches_stay_on_this_thread() {
        let main = std::thread::current().id();
        let out = map_on_cores(&[1, 2, 3], |_| 1, 10, |_| std::thread::current().id());
        assert!(out.iter().all(|t| *t == main));
    }
}
