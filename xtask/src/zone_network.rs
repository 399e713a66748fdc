//! Training the zone recogniser's network: the backward pass through
//! dossier's own forward pass ([`Network::trace`]), and Adam.

use dossier::extract::zone::{
    CELL_INPUTS, FIRST, Layer, Maps, Matrix, Model, Network, SECOND, SHAPES, SYMBOLS, multiply,
    softmax,
};

use crate::raster::Rng;

/// Cells a step.
const BATCH: usize = 64;

/// A network in training and its Adam moments.
pub struct Training {
    pub network: Network,
    moments: Vec<(Vec<f32>, Vec<f32>)>,
    steps: i32,
}

impl Training {
    pub fn new(rng: &mut Rng) -> Training {
        let network = Network {
            layers: SHAPES.map(|(inputs, outputs)| {
                // He initialisation, for ReLU.
                let spread = (6.0 / inputs as f32).sqrt();
                Layer {
                    inputs,
                    outputs,
                    weights: (0..inputs * outputs)
                        .map(|_| (rng.next() % 20_001) as f32 / 10_000.0 * spread - spread)
                        .collect(),
                    biases: vec![0.0; outputs],
                }
            }),
        };
        let moments = SHAPES
            .iter()
            .map(|&(inputs, outputs)| {
                let n = (inputs + 1) * outputs;
                (vec![0.0; n], vec![0.0; n])
            })
            .collect();
        Training {
            network,
            moments,
            steps: 0,
        }
    }

    /// Everything training goes on from: the network (as a one-member
    /// [`Model`]), the count of Adam's steps, and its moments.
    pub fn to_bytes(&self) -> Vec<u8> {
        let model = Model {
            members: vec![self.network.clone()],
        };
        let mut bytes = model.to_bytes();
        bytes.extend(self.steps.to_le_bytes());
        for (m, v) in &self.moments {
            bytes.extend(m.iter().chain(v).flat_map(|value| value.to_le_bytes()));
        }
        bytes
    }

    /// What [`Training::to_bytes`] wrote; `None` for bytes of another
    /// shape.
    pub fn from_bytes(bytes: &[u8]) -> Option<Training> {
        let values: usize = SHAPES.iter().map(|&(i, o)| (i + 1) * o).sum();
        let model_bytes = bytes.len().checked_sub(4 + 8 * values)?;
        let (model, rest) = bytes.split_at(model_bytes);
        let [network]: [Network; 1] = Model::from_bytes(model)?.members.try_into().ok()?;
        let (steps, rest) = rest.split_first_chunk::<4>()?;
        let mut floats = rest
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let moments = SHAPES
            .iter()
            .map(|&(inputs, outputs)| {
                let n = (inputs + 1) * outputs;
                let m = floats.by_ref().take(n).collect();
                let v = floats.by_ref().take(n).collect();
                (m, v)
            })
            .collect();
        Some(Training {
            network,
            moments,
            steps: i32::from_le_bytes(*steps),
        })
    }

    /// One pass over the data in batches; the mean loss.
    pub fn epoch(&mut self, data: &[([f32; CELL_INPUTS], u8)], rate: f32) -> f32 {
        let mut total = 0.0;
        for batch in data.chunks(BATCH) {
            let cells: Vec<[f32; CELL_INPUTS]> = batch.iter().map(|(cell, _)| *cell).collect();
            let labels: Vec<usize> = batch.iter().map(|(_, label)| usize::from(*label)).collect();
            let (loss, gradients) = gradients(&self.network, &cells, &labels);
            total += loss;
            self.adam(&gradients, batch.len() as f32, rate);
        }
        (total / data.len().max(1) as f64) as f32
    }

    fn adam(&mut self, gradients: &[Vec<f32>; 4], batch: f32, rate: f32) {
        const B1: f32 = 0.9;
        const B2: f32 = 0.999;
        self.steps += 1;
        let (c1, c2) = (1.0 - B1.powi(self.steps), 1.0 - B2.powi(self.steps));
        let layers = self.network.layers.iter_mut();
        for ((layer, (m, v)), grad) in layers.zip(&mut self.moments).zip(gradients) {
            let values = layer.weights.iter_mut().chain(&mut layer.biases);
            for (((value, &g), m), v) in values.zip(grad).zip(m).zip(v) {
                let g = g / batch;
                *m = B1 * *m + (1.0 - B1) * g;
                *v = B2 * *v + (1.0 - B2) * g * g;
                *value -= rate * (*m / c1) / ((*v / c2).sqrt() + 1e-8);
            }
        }
    }
}

/// The batch's summed cross-entropy loss (summed in f64, so that the
/// gradient's test can tell small changes), and its gradient for each
/// layer's weights then biases.
pub fn gradients(
    network: &Network,
    cells: &[[f32; CELL_INPUTS]],
    labels: &[usize],
) -> (f64, [Vec<f32>; 4]) {
    let trace = network.trace(cells);
    let mut loss = 0.0;
    let mut delta = Vec::with_capacity(trace.logits.len());
    for (logits, &label) in trace.logits.chunks_exact(SYMBOLS.len()).zip(labels) {
        let p = softmax(logits);
        loss -= f64::from(p[label].max(1e-7)).ln();
        delta.extend((0..p.len()).map(|i| p[i] - f32::from(u8::from(i == label))));
    }
    let [first, second, hidden, last] = &network.layers;
    let last_gradient = layer_gradient(last, &trace.hidden, &delta);
    let mut delta = back(last, &delta);
    through_relu(&mut delta, &trace.hidden);
    let hidden_gradient = layer_gradient(hidden, &trace.pooled[1], &delta);
    let mut delta = unpool(
        &back(hidden, &delta),
        &trace.convolved[1],
        &trace.pooled[1],
        SECOND,
    );
    through_relu(&mut delta, &trace.convolved[1]);
    let second_gradient = layer_gradient(second, &trace.patches[1], &delta);
    let delta = unpatch(&back(second, &delta), trace.count, FIRST.halved());
    let mut delta = unpool(&delta, &trace.convolved[0], &trace.pooled[0], FIRST);
    through_relu(&mut delta, &trace.convolved[0]);
    let first_gradient = layer_gradient(first, &trace.patches[0], &delta);
    (
        loss,
        [
            first_gradient,
            second_gradient,
            hidden_gradient,
            last_gradient,
        ],
    )
}

/// The loss's gradient for the layer's weights (its input, transposed,
/// times `delta`) then its biases (`delta` summed over the rows).
fn layer_gradient(layer: &Layer, input: &[f32], delta: &[f32]) -> Vec<f32> {
    let rows = delta.len() / layer.outputs;
    let mut gradient = vec![0.0; layer.weights.len() + layer.biases.len()];
    let (weights, biases) = gradient.split_at_mut(layer.weights.len());
    multiply(
        Matrix::transpose_of(input, rows, layer.inputs),
        Matrix::rows(delta, rows, layer.outputs),
        weights,
    );
    for row in delta.chunks_exact(layer.outputs) {
        biases.iter_mut().zip(row).for_each(|(b, d)| *b += d);
    }
    gradient
}

/// The loss's gradient for the layer's input: `delta` times the weights,
/// transposed.
fn back(layer: &Layer, delta: &[f32]) -> Vec<f32> {
    let rows = delta.len() / layer.outputs;
    let mut input = vec![0.0; rows * layer.inputs];
    multiply(
        Matrix::rows(delta, rows, layer.outputs),
        Matrix::transpose_of(&layer.weights, layer.inputs, layer.outputs),
        &mut input,
    );
    input
}

/// No gradient where the ReLU cut its output to zero.
fn through_relu(delta: &mut [f32], output: &[f32]) {
    delta
        .iter_mut()
        .zip(output)
        .filter(|(_, out)| **out <= 0.0)
        .for_each(|(d, _)| *d = 0.0);
}

/// A 2×2 pool's gradient, each block's to the first pixel (row by row)
/// that held the block's greatest value. Walked block by block, its four
/// pixels compared in turn: walked value by value, with an integer
/// division for each, it was a third of training's time.
fn unpool(delta: &[f32], convolved: &[f32], pooled: &[f32], maps: Maps) -> Vec<f32> {
    let half = maps.halved();
    let (channels, row) = (maps.channels, maps.width * maps.channels);
    let mut out = vec![0.0; convolved.len()];
    let cells = convolved
        .chunks_exact(maps.size())
        .zip(out.chunks_exact_mut(maps.size()))
        .zip(
            pooled
                .chunks_exact(half.size())
                .zip(delta.chunks_exact(half.size())),
        );
    for ((convolved, out), (pooled, delta)) in cells {
        for block in 0..half.height * half.width {
            let (y, x) = (block / half.width, block % half.width);
            let first = 2 * y * row + 2 * x * channels;
            let sources = [first, first + channels, first + row, first + row + channels];
            for channel in 0..channels {
                let into = block * channels + channel;
                if let Some(source) = sources
                    .iter()
                    .map(|source| source + channel)
                    .find(|&source| convolved[source] == pooled[into])
                {
                    out[source] = delta[into];
                }
            }
        }
    }
    out
}

/// The patches' gradient summed back onto the pixels each was cut from:
/// the reverse of [`patches`](dossier::extract::zone::patches).
fn unpatch(delta: &[f32], count: usize, maps: Maps) -> Vec<f32> {
    let channels = maps.channels;
    let mut out = vec![0.0; count * maps.size()];
    for (cell, delta) in out
        .chunks_exact_mut(maps.size())
        .zip(delta.chunks_exact(maps.size() * 9))
    {
        for (part, source) in delta.chunks_exact(channels).zip(maps.patch_sources()) {
            if let Some(pixel) = source {
                let target = &mut cell[pixel * channels..(pixel + 1) * channels];
                target.iter_mut().zip(part).for_each(|(t, d)| *t += d);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A training saved after one epoch and read back goes on exactly as
    /// one never saved: the network, Adam's moments and its step count
    /// all come back.
    #[test]
    fn a_saved_training_resumes_where_it_stood() {
        let mut rng = Rng::new(9);
        let data: Vec<([f32; CELL_INPUTS], u8)> = (0..80)
            .map(|i| {
                let cell = std::array::from_fn(|_| (rng.next() % 1000) as f32 / 1000.0);
                (cell, (i % SYMBOLS.len()) as u8)
            })
            .collect();
        let mut unbroken = Training::new(&mut Rng::new(3));
        let mut resumed = Training::new(&mut Rng::new(3));
        unbroken.epoch(&data, 0.001);
        resumed.epoch(&data, 0.001);
        let mut resumed = Training::from_bytes(&resumed.to_bytes()).expect("its own bytes");
        unbroken.epoch(&data, 0.001);
        resumed.epoch(&data, 0.001);
        assert_eq!(resumed.network, unbroken.network);
        assert_eq!(resumed.steps, unbroken.steps);
        let bytes = unbroken.to_bytes();
        assert!(Training::from_bytes(&bytes[1..]).is_none());
        assert!(Training::from_bytes(&bytes[..bytes.len() - 4]).is_none());
    }

    /// The analytic gradient agrees with the loss's change when values
    /// of each layer are nudged: the weight with the largest gradient,
    /// the first and last kernel positions (a convolution's patch edges),
    /// weights drawn at random, and biases.
    #[test]
    fn gradients_match_finite_differences() {
        let mut rng = Rng::new(5);
        let training = Training::new(&mut rng);
        let cells: Vec<[f32; CELL_INPUTS]> = (0..3)
            .map(|_| std::array::from_fn(|_| (rng.next() % 1000) as f32 / 1000.0))
            .collect();
        let labels = [3, 17, 0];
        let (_, analytic) = gradients(&training.network, &cells, &labels);
        for (layer, gradient) in analytic.iter().enumerate() {
            let Layer {
                inputs, outputs, ..
            } = training.network.layers[layer];
            let weights = inputs * outputs;
            let strongest = (0..weights)
                .max_by(|&a, &b| gradient[a].abs().total_cmp(&gradient[b].abs()))
                .unwrap_or(0);
            let mut checked = vec![
                strongest,
                0,
                (inputs - 1) * outputs,
                weights,
                weights + outputs - 1,
            ];
            checked.extend((0..6).map(|_| (rng.next() % weights as u64) as usize));
            for index in checked {
                let loss_at = |nudge: f32| {
                    let mut network = training.network.clone();
                    let layer = &mut network.layers[layer];
                    match index.checked_sub(weights) {
                        Some(bias) => layer.biases[bias] += nudge,
                        None => layer.weights[index] += nudge,
                    }
                    gradients(&network, &cells, &labels).0
                };
                // Small enough that few ReLUs or pools change their
                // choice, large enough for f32's precision; a ReLU or a
                // pool that does change spoils a step, rarely all three
                // (the network of 32 and 64 maps has a weight of the
                // second convolution whose two larger steps miss by 6% and
                // 2.2%).
                let numeric = [1e-3, 3e-4, 1e-4].map(|step: f32| {
                    ((loss_at(step) - loss_at(-step)) / (2.0 * f64::from(step))) as f32
                });
                let analytic = gradient[index];
                let agrees = |numeric: f32| {
                    (numeric - analytic).abs() < 0.02 * numeric.abs().max(analytic.abs()).max(0.15)
                };
                assert!(
                    numeric.into_iter().any(agrees),
                    "layer {layer}, value {index}: numeric {numeric:?}, analytic {analytic}"
                );
            }
        }
    }
}
