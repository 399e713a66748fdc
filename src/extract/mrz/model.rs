//! The cell classifier: a small fully connected network that names the
//! symbol in one [`cells`](super::cells) cell.
//!
//! Trained in this repository (`cargo run -p xtask --release -- train-mrz`)
//! on rendered zones; the weights ship in `zone-model.bin`.

use super::cells::CELL_INPUTS;

/// The zone's 37 symbols, in the model's output order.
pub const SYMBOLS: &[u8; 37] = b"<0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Neurons per layer, input first.
pub const LAYERS: [usize; 4] = [CELL_INPUTS, 256, 128, SYMBOLS.len()];

/// What `zone-model.bin` starts with, so a file of another shape is refused.
const MAGIC: &[u8; 8] = b"dzmrz02\n";

/// One layer's weights (row per output) and biases.
#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    pub inputs: usize,
    pub outputs: usize,
    pub weights: Vec<f32>,
    pub biases: Vec<f32>,
}

impl Dense {
    /// `outputs` = weights × `input` + biases, then ReLU unless last.
    pub fn forward(&self, input: &[f32], output: &mut Vec<f32>, relu: bool) {
        output.clear();
        output.extend(
            self.weights
                .chunks_exact(self.inputs)
                .zip(&self.biases)
                .map(|(row, bias)| {
                    let sum = bias + row.iter().zip(input).map(|(w, x)| w * x).sum::<f32>();
                    if relu { sum.max(0.0) } else { sum }
                }),
        );
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub layers: Vec<Dense>,
}

impl Model {
    /// The weights this build ships; `None` before the first training.
    pub fn shipped() -> Option<&'static Model> {
        static SHIPPED: std::sync::OnceLock<Option<Model>> = std::sync::OnceLock::new();
        SHIPPED
            .get_or_init(|| Model::from_bytes(include_bytes!("zone-model.bin")))
            .as_ref()
    }

    /// Each symbol's probability for one cell, in [`SYMBOLS`] order.
    pub fn probabilities(&self, cell: &[f32; CELL_INPUTS]) -> [f32; 37] {
        let mut input = cell.to_vec();
        let mut output = Vec::new();
        let last = self.layers.len().saturating_sub(1);
        for (index, layer) in self.layers.iter().enumerate() {
            layer.forward(&input, &mut output, index < last);
            std::mem::swap(&mut input, &mut output);
        }
        softmax(&input)
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .filter(|rest| rest.len() % 4 == 0)?;
        let mut floats = rest
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let mut layers = Vec::new();
        for pair in LAYERS.windows(2) {
            let (inputs, outputs) = (pair[0], pair[1]);
            let weights: Vec<f32> = floats.by_ref().take(inputs * outputs).collect();
            let biases: Vec<f32> = floats.by_ref().take(outputs).collect();
            if weights.len() != inputs * outputs || biases.len() != outputs {
                return None;
            }
            layers.push(Dense {
                inputs,
                outputs,
                weights,
                biases,
            });
        }
        floats.next().is_none().then_some(Model { layers })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        for layer in &self.layers {
            for value in layer.weights.iter().chain(&layer.biases) {
                bytes.extend(value.to_le_bytes());
            }
        }
        bytes
    }
}

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
    }

    #[test]
    fn probabilities_sum_to_one() {
        let model = Model::shipped().expect("zone-model.bin of the current shape");
        let p = model.probabilities(&[0.5; CELL_INPUTS]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    }
}
