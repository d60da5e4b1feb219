module @rsqrt {
  func.func @main(%arg0: tensor<2x3xf16>) -> (tensor<2x3xf16>) {
    %0 = "stablehlo.rsqrt"(%arg0) : (tensor<2x3xf16>) -> tensor<2x3xf16>
    "func.return"(%0) : (tensor<2x3xf16>) -> ()
  }
}
