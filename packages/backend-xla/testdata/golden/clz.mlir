module @clz {
  func.func @main(%arg0: tensor<2x3xui32>) -> (tensor<2x3xui32>) {
    %0 = "stablehlo.count_leading_zeros"(%arg0) : (tensor<2x3xui32>) -> tensor<2x3xui32>
    "func.return"(%0) : (tensor<2x3xui32>) -> ()
  }
}
