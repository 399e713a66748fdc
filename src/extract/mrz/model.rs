//! The cell classifier: a small convolutional network that names the
//! symbol in one [`cells`](super::cells) cell.
//!
//! Two 3×3 convolutions, each followed by a 2×2 max pool, then two dense
//! layers. A fully connected network of the same cost, the one shipped
//! before, learned each training font's outlines: on fonts it had not
//! seen it read 44 of 200 zones at 8 pixels a character where it read 84
//! in its own fonts. Convolutions share their weights over the cell, so a
//! stroke is a stroke wherever the font puts it.
//!
//! Trained in this repository (`cargo run -p xtask --release -- train-mrz`)
//! on rendered zones; the weights ship in `zone-model.bin`.

use super::cells::{CELL_HEIGHT, CELL_INPUTS, CELL_WIDTH};

/// The zone's 37 symbols, in the model's output order.
pub const SYMBOLS: &[u8; 37] = b"<0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// The feature maps of a batch of cells: for each cell, `height` rows of
/// `width` pixels of `channels` values, channels last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Maps {
    pub height: usize,
    pub width: usize,
    pub channels: usize,
}

impl Maps {
    /// Values a cell holds.
    pub const fn size(self) -> usize {
        self.height * self.width * self.channels
    }

    /// The same maps after a 2×2 pool.
    pub const fn halved(self) -> Maps {
        Maps {
            height: self.height / 2,
            width: self.width / 2,
            ..self
        }
    }

    /// For each pixel's 3×3 patch, place by place in [`patches`]' order
    /// (row, then column), the pixel that place holds; `None` past the
    /// edges.
    pub fn patch_sources(self) -> impl Iterator<Item = Option<usize>> {
        let Maps { height, width, .. } = self;
        (0..height * width).flat_map(move |pixel| {
            let (y, x) = (pixel / width, pixel % width);
            (0..9).map(move |offset| {
                let y = (y + offset / 3).checked_sub(1)?;
                let x = (x + offset % 3).checked_sub(1)?;
                (y < height && x < width).then_some(y * width + x)
            })
        })
    }

    const fn with(self, channels: usize) -> Maps {
        Maps { channels, ..self }
    }
}

// Two 2×2 pools halve the cell twice.
const _: () = assert!(CELL_HEIGHT.is_multiple_of(4) && CELL_WIDTH.is_multiple_of(4));

/// A cell as the network takes it.
pub const CELL: Maps = Maps {
    height: CELL_HEIGHT,
    width: CELL_WIDTH,
    channels: 1,
};
/// What the first convolution makes of a cell, and the second of the first
/// one's pooled maps.
pub const FIRST: Maps = CELL.with(32);
pub const SECOND: Maps = FIRST.halved().with(64);
/// The second convolution's pooled maps, the dense layers' input.
pub const POOLED: Maps = SECOND.halved();
const HIDDEN: usize = 128;

/// Each layer's (inputs, outputs): a convolution's inputs are a 3×3 patch
/// of every input channel.
pub const SHAPES: [(usize, usize); 4] = [
    (9 * CELL.channels, FIRST.channels),
    (9 * FIRST.channels, SECOND.channels),
    (POOLED.size(), HIDDEN),
    (HIDDEN, SYMBOLS.len()),
];

/// What `zone-model.bin` starts with, so a file of another shape is refused.
const MAGIC: &[u8; 8] = b"dzmrz04\n";

/// One layer: its weights, a matrix of `inputs` rows and `outputs`
/// columns, and its biases.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub inputs: usize,
    pub outputs: usize,
    pub weights: Vec<f32>,
    pub biases: Vec<f32>,
}

impl Layer {
    /// Each row of `input` (`inputs` values) times the weights, plus the
    /// biases, through a ReLU unless `relu` is false.
    pub fn apply(&self, input: &[f32], relu: bool) -> Vec<f32> {
        let rows = input.len() / self.inputs;
        let mut output: Vec<f32> = self.biases.repeat(rows);
        multiply(
            Matrix::rows(input, rows, self.inputs),
            Matrix::rows(&self.weights, self.inputs, self.outputs),
            &mut output,
        );
        if relu {
            output.iter_mut().for_each(|value| *value = value.max(0.0));
        }
        output
    }
}

/// A matrix over a slice: `rows` × `columns`, stored row by row, or column
/// by column when `transposed`.
#[derive(Debug, Clone, Copy)]
pub struct Matrix<'a> {
    pub values: &'a [f32],
    pub rows: usize,
    pub columns: usize,
    pub transposed: bool,
}

impl<'a> Matrix<'a> {
    /// The matrix `values` holds row by row.
    pub fn rows(values: &'a [f32], rows: usize, columns: usize) -> Matrix<'a> {
        Matrix {
            values,
            rows,
            columns,
            transposed: false,
        }
    }

    /// The transpose of the matrix `values` holds row by row.
    pub fn transpose_of(values: &'a [f32], rows: usize, columns: usize) -> Matrix<'a> {
        Matrix {
            values,
            rows: columns,
            columns: rows,
            transposed: true,
        }
    }

    /// Steps between rows and between columns.
    fn strides(self) -> (isize, isize) {
        let (rows, columns) = (self.rows as isize, self.columns as isize);
        if self.transposed {
            (1, rows)
        } else {
            (columns, 1)
        }
    }
}

/// Adds `a` × `b` to `sum` (row by row, `a.rows` × `b.columns`).
///
/// # Panics
/// When the shapes do not agree or a slice is shorter than its shape.
pub fn multiply(a: Matrix, b: Matrix, sum: &mut [f32]) {
    let holds =
        |values: usize, rows: usize, columns: usize| rows.checked_mul(columns) == Some(values);
    assert_eq!(a.columns, b.rows, "inner dimensions");
    assert!(holds(a.values.len(), a.rows, a.columns), "left matrix");
    assert!(holds(b.values.len(), b.rows, b.columns), "right matrix");
    assert!(holds(sum.len(), a.rows, b.columns), "product");
    let ((a_row, a_column), (b_row, b_column)) = (a.strides(), b.strides());
    // SAFETY: the assertions above (products checked for overflow) hold
    // every index the strides reach, at most (rows - 1) × row stride +
    // (columns - 1) × column stride = rows × columns - 1, inside its
    // slice; `sum` is borrowed mutably, so it aliases neither input.
    unsafe {
        matrixmultiply::sgemm(
            a.rows,
            a.columns,
            b.columns,
            1.0,
            a.values.as_ptr(),
            a_row,
            a_column,
            b.values.as_ptr(),
            b_row,
            b_column,
            1.0,
            sum.as_mut_ptr(),
            b.columns as isize,
            1,
        );
    }
}

/// Every 3×3 patch of `input` (`maps` of each of `count` cells), one row a
/// pixel in (row, column, channel) order, zero (paper) past the edges.
pub fn patches(input: &[f32], count: usize, maps: Maps) -> Vec<f32> {
    let channels = maps.channels;
    let mut out = vec![0.0; count * maps.size() * 9];
    for (cell, out) in input
        .chunks_exact(maps.size())
        .zip(out.chunks_exact_mut(maps.size() * 9))
    {
        for (place, source) in out.chunks_exact_mut(channels).zip(maps.patch_sources()) {
            if let Some(pixel) = source {
                place.copy_from_slice(&cell[pixel * channels..(pixel + 1) * channels]);
            }
        }
    }
    out
}

/// Each channel's greatest value in every 2×2 block of `input`.
pub fn pool(input: &[f32], maps: Maps) -> Vec<f32> {
    let half = maps.halved();
    let mut out = vec![f32::MIN; input.len() / 4];
    for (cell, out) in input
        .chunks_exact(maps.size())
        .zip(out.chunks_exact_mut(half.size()))
    {
        for (pixel, values) in cell.chunks_exact(maps.channels).enumerate() {
            let (y, x) = (pixel / maps.width / 2, pixel % maps.width / 2);
            let into = (y * half.width + x) * maps.channels;
            for (best, &value) in out[into..into + maps.channels].iter_mut().zip(values) {
                *best = best.max(value);
            }
        }
    }
    out
}

/// A batch's values at every layer, which training's backward pass reads.
pub struct Trace {
    /// Cells in the batch.
    pub count: usize,
    /// The cells, one after another.
    pub input: Vec<f32>,
    /// What each convolution multiplied: its input's 3×3 patches.
    pub patches: [Vec<f32>; 2],
    /// The convolutions' outputs, after their ReLU, before pooling.
    pub convolved: [Vec<f32>; 2],
    /// Each convolution's output pooled: the next layer's input.
    pub pooled: [Vec<f32>; 2],
    /// The first dense layer's output, after its ReLU.
    pub hidden: Vec<f32>,
    /// The last layer's outputs, [`SYMBOLS`] a cell.
    pub logits: Vec<f32>,
}

/// Networks trained alike from different seeds, whose probabilities are
/// averaged: each alone is sure of its own mistakes.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub members: Vec<Network>,
}

impl Model {
    /// The weights this build ships; `None` before the first training.
    pub fn shipped() -> Option<&'static Model> {
        static SHIPPED: std::sync::OnceLock<Option<Model>> = std::sync::OnceLock::new();
        SHIPPED
            .get_or_init(|| Model::from_bytes(include_bytes!("zone-model.bin")))
            .as_ref()
    }

    /// Each cell's symbol probabilities, in [`SYMBOLS`] order: the mean of
    /// the members'.
    pub fn probabilities(&self, cells: &[[f32; CELL_INPUTS]]) -> Vec<[f32; 37]> {
        let mut sum = vec![[0.0; 37]; cells.len()];
        for member in &self.members {
            for (total, p) in sum.iter_mut().zip(member.probabilities(cells)) {
                total.iter_mut().zip(p).for_each(|(t, p)| *t += p);
            }
        }
        let share = 1.0 / self.members.len().max(1) as f32;
        sum.iter_mut().flatten().for_each(|t| *t *= share);
        sum
    }

    /// The model `to_bytes` wrote; `None` for any other bytes (another
    /// shape, no member, cut short, or longer).
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let size = Network::BYTES;
        let members = rest
            .chunks(size)
            .map(Network::from_bytes)
            .collect::<Option<Vec<_>>>()?;
        (!members.is_empty()).then_some(Model { members })
    }

    /// The magic, then each member's [`Network::to_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        for member in &self.members {
            bytes.extend(member.to_bytes());
        }
        bytes
    }
}

/// One network: its layers in [`SHAPES`]' order.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    pub layers: [Layer; 4],
}

impl Network {
    /// The size of [`Network::to_bytes`].
    const BYTES: usize = {
        let mut floats = 0;
        let mut i = 0;
        while i < SHAPES.len() {
            floats += (SHAPES[i].0 + 1) * SHAPES[i].1;
            i += 1;
        }
        4 * floats
    };

    /// Each cell's symbol probabilities, in [`SYMBOLS`] order.
    pub fn probabilities(&self, cells: &[[f32; CELL_INPUTS]]) -> Vec<[f32; 37]> {
        self.trace(cells)
            .logits
            .chunks_exact(SYMBOLS.len())
            .map(softmax)
            .collect()
    }

    /// The batch through every layer.
    pub fn trace(&self, cells: &[[f32; CELL_INPUTS]]) -> Trace {
        let count = cells.len();
        let input = cells.as_flattened().to_vec();
        let [first, second, hidden, last] = &self.layers;
        let patches_1 = patches(&input, count, CELL);
        let convolved_1 = first.apply(&patches_1, true);
        let pooled_1 = pool(&convolved_1, FIRST);
        let patches_2 = patches(&pooled_1, count, FIRST.halved());
        let convolved_2 = second.apply(&patches_2, true);
        let pooled_2 = pool(&convolved_2, SECOND);
        let hidden = hidden.apply(&pooled_2, true);
        let logits = last.apply(&hidden, false);
        Trace {
            count,
            input,
            patches: [patches_1, patches_2],
            convolved: [convolved_1, convolved_2],
            pooled: [pooled_1, pooled_2],
            hidden,
            logits,
        }
    }

    /// The network `to_bytes` wrote; `None` for any other bytes.
    fn from_bytes(bytes: &[u8]) -> Option<Network> {
        if bytes.len() != Self::BYTES {
            return None;
        }
        let mut floats = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let mut take = |n: usize| {
            let values: Vec<f32> = floats.by_ref().take(n).collect();
            (values.len() == n).then_some(values)
        };
        let mut layer = |(inputs, outputs): (usize, usize)| {
            Some(Layer {
                inputs,
                outputs,
                weights: take(inputs * outputs)?,
                biases: take(outputs)?,
            })
        };
        let layers = [
            layer(SHAPES[0])?,
            layer(SHAPES[1])?,
            layer(SHAPES[2])?,
            layer(SHAPES[3])?,
        ];
        Some(Network { layers })
    }

    /// Each layer's weights and biases, little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(Self::BYTES);
        for layer in &self.layers {
            for value in layer.weights.iter().chain(&layer.biases) {
                bytes.extend(value.to_le_bytes());
            }
        }
        bytes
    }
}

/// The symbols' probabilities from the last layer's outputs.
pub fn softmax(logits: &[f32]) -> [f32; 37] {
    let mut out = [0.0; 37];
    let top = logits.iter().copied().fold(f32::MIN, f32::max);
    let mut total = 0.0;
    for (o, &l) in out.iter_mut().zip(logits) {
        *o = (l - top).exp();
        total += *o;
    }
    out.iter_mut().for_each(|o| *o /= total);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_weights_load_and_round_trip() {
        let model = Model::shipped().expect("zone-model.bin of the current shape");
        assert_eq!(Model::from_bytes(&model.to_bytes()).as_ref(), Some(model));
        // A file cut short is refused, not half-loaded.
        let bytes = model.to_bytes();
        assert!(Model::from_bytes(&bytes[..bytes.len() - 4]).is_none());
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        // So is a file of no network.
        assert!(Model::from_bytes(MAGIC).is_none());
    }

    #[test]
    fn members_are_averaged() {
        let shipped = Model::shipped().expect("zone-model.bin of the current shape");
        // The shipped network and one that leans to the filler.
        let mut leaning = shipped.members[0].clone();
        leaning.layers[3].biases[0] += 3.0;
        let model = Model {
            members: vec![shipped.members[0].clone(), leaning],
        };
        let cells = [[0.5; CELL_INPUTS], [0.0; CELL_INPUTS]];
        let alone: Vec<Vec<[f32; 37]>> = model
            .members
            .iter()
            .map(|member| member.probabilities(&cells))
            .collect();
        for (cell, p) in model.probabilities(&cells).iter().enumerate() {
            for (symbol, &p) in p.iter().enumerate() {
                let sum: f32 = alone.iter().map(|member| member[cell][symbol]).sum();
                assert!((p - sum / alone.len() as f32).abs() < 1e-6);
            }
        }
        assert_ne!(alone[0], alone[1]);
        assert_eq!(Model::from_bytes(&model.to_bytes()), Some(model));
    }

    #[test]
    fn probabilities_sum_to_one() {
        let model = Model::shipped().expect("zone-model.bin of the current shape");
        for p in model.probabilities(&[[0.5; CELL_INPUTS], [0.0; CELL_INPUTS]]) {
            assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        }
    }

    #[test]
    fn a_batch_reads_each_cell_as_it_reads_it_alone() {
        let model = Model::shipped().expect("zone-model.bin of the current shape");
        let mut stroke = [0.0; CELL_INPUTS];
        stroke
            .iter_mut()
            .step_by(CELL_WIDTH + 1)
            .for_each(|v| *v = 1.0);
        // Beside an all-ink cell, which no padding looks like.
        let ink = [1.0; CELL_INPUTS];
        let together = model.probabilities(&[ink, stroke]);
        assert_eq!(together[0], model.probabilities(&[ink])[0]);
        assert_eq!(together[1], model.probabilities(&[stroke])[0]);
        assert_ne!(together[0], together[1]);
    }

    #[test]
    fn multiply_reads_transposes() {
        // [1 2 3; 4 5 6] × [1 0; 0 1; 1 1] = [4 5; 10 11]
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let b = [1.0, 0.0, 0.0, 1.0, 1.0, 1.0];
        let mut sum = vec![0.0; 4];
        multiply(Matrix::rows(&a, 2, 3), Matrix::rows(&b, 3, 2), &mut sum);
        assert_eq!(sum, [4.0, 5.0, 10.0, 11.0]);
        // Aᵀ × A, from A stored row by row: [17 22 27; 22 29 36; 27 36 45].
        let mut gram = vec![0.0; 9];
        multiply(
            Matrix::transpose_of(&a, 2, 3),
            Matrix::rows(&a, 2, 3),
            &mut gram,
        );
        assert_eq!(gram, [17.0, 22.0, 27.0, 22.0, 29.0, 36.0, 27.0, 36.0, 45.0]);
        // A × Aᵀ, the right matrix the transpose: [14 32; 32 77].
        let mut outer = vec![0.0; 4];
        multiply(
            Matrix::rows(&a, 2, 3),
            Matrix::transpose_of(&a, 2, 3),
            &mut outer,
        );
        assert_eq!(outer, [14.0, 32.0, 32.0, 77.0]);
    }

    #[test]
    #[should_panic(expected = "left matrix")]
    fn multiply_refuses_shapes_whose_size_overflows() {
        let huge = 1 << (usize::BITS / 2);
        let mut sum = [];
        multiply(
            Matrix::rows(&[], huge, huge),
            Matrix::rows(&[], huge, 0),
            &mut sum,
        );
    }

    #[test]
    fn patches_and_pools_see_the_right_neighbours() {
        // A 4×4 map of two channels: the first holds 1..=16 row by row,
        // the second the same negated.
        let maps = Maps {
            height: 4,
            width: 4,
            channels: 2,
        };
        let pairs = |values: &[i32]| -> Vec<f32> {
            values.iter().flat_map(|&v| [v as f32, -v as f32]).collect()
        };
        let input = pairs(&(1..=16).collect::<Vec<_>>());
        let patches = patches(&input, 1, maps);
        let patch = |y: usize, x: usize| &patches[(y * 4 + x) * 18..(y * 4 + x + 1) * 18];
        // The top left pixel's patch: paper above and left, then 1 2 / 5 6.
        assert_eq!(patch(0, 0), pairs(&[0, 0, 0, 0, 1, 2, 0, 5, 6]));
        // The pixel at row 2, column 1 (10): 5 6 7 / 9 10 11 / 13 14 15.
        assert_eq!(patch(2, 1), pairs(&[5, 6, 7, 9, 10, 11, 13, 14, 15]));
        // Each 2×2 block's greatest value, a channel at a time.
        assert_eq!(
            pool(&input, maps),
            [6.0, -1.0, 8.0, -3.0, 14.0, -9.0, 16.0, -11.0]
        );
    }
}
