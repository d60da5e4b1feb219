module @selectAndScatterSum {
  func.func @main(%arg0: tensor<4x5xf32>, %arg1: tensor<2x2xf32>) -> (tensor<4x5xf32>) {
    %0 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %1 = "stablehlo.pad"(%arg1, %0) {edge_padding_low = array<i64: 1, 2>, edge_padding_high = array<i64: 1, 2>, interior_padding = array<i64: 1, 1>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<5x7xf32>
    %2 = "stablehlo.reduce_window"(%1, %0) ({
    ^bb0(%3: tensor<f32>, %4: tensor<f32>):
      %5 = "stablehlo.add"(%3, %4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%5) : (tensor<f32>) -> ()
    }) {window_dimensions = array<i64: 2, 3>, window_strides = array<i64: 1, 1>, padding = dense<[[0, 0], [0, 0]]> : tensor<2x2xi64>} : (tensor<5x7xf32>, tensor<f32>) -> tensor<4x5xf32>
    "func.return"(%2) : (tensor<4x5xf32>) -> ()
  }
}
