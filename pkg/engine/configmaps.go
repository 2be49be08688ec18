package engine

import (
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/weft-dev/weft/pkg/apis/weft/v1alpha1"
	"github.com/weft-dev/weft/pkg/engine/expr"
)

// ErrConfigMapKeyNotFound is what a ConfigMapReader's error wraps when the
// ConfigMap or its key does not exist: valueFrom.default or optional then
// stand in.
var ErrConfigMapKeyNotFound = errors.New("ConfigMap key not found")

// ConfigMapReader reads parameter values from ConfigMaps, for
// valueFrom.configMapKeyRef.
type ConfigMapReader interface {
	// ConfigMapKey returns the value of key in the ConfigMap namespace/name.
	// Its error says what is wrong and what to do; it wraps
	// ErrConfigMapKeyNotFound when the ConfigMap or the key does not exist.
	ConfigMapKey(namespace, name, key string) (string, error)
}

// configMapParameter gives a parameter the value of its
// valueFrom.configMapKeyRef, read in the workflow's namespace; the name and
// key may refer to the variables of vars. A missing ConfigMap or key gives
// valueFrom.default, else "" when the reference is optional, else an error
// naming where the parameter is.
func (o *operation) configMapParameter(where string, p v1alpha1.Parameter, vars *scope) (string, error) {
	ref := p.ValueFrom.ConfigMapKeyRef
	name, key, err := configMapRef(ref, vars)
	if err != nil {
		return "", fmt.Errorf("%s %q: valueFrom.configMapKeyRef: %v", where, p.Name, err)
	}
	if o.configMaps == nil {
		return "", fmt.Errorf("%s %q: valueFrom.configMapKeyRef: this controller reads no ConfigMaps: give the value instead", where, p.Name)
	}
	value, err := o.configMaps.ConfigMapKey(o.wf.Namespace, name, key)
	switch {
	case err == nil:
		return value, nil
	case !errors.Is(err, ErrConfigMapKeyNotFound):
	case p.ValueFrom.Default != nil:
		return string(*p.ValueFrom.Default), nil
	case ref.Optional != nil && *ref.Optional:
		return "", nil
	}
	return "", fmt.Errorf("%s %q: valueFrom.configMapKeyRef: %v", where, p.Name, err)
}

// configMapRef is the ConfigMap name and key of a reference, with the
// variables they name substituted.
func configMapRef(ref *corev1.ConfigMapKeySelector, vars *scope) (string, string, error) {
	name, err := expr.Substitute(ref.Name, vars, expr.Strict)
	if err != nil {
		return "", "", err
	}
	key, err := expr.Substitute(ref.Key, vars, expr.Strict)
	if err != nil {
		return "", "", err
	}
	if name == "" || key == "" {
		return "", "", fmt.Errorf("name and key are both required")
	}
	return name, key, nil
}
